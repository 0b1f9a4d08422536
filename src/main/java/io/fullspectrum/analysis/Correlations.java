package io.fullspectrum.analysis;

import io.fullspectrum.schemas.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's analysis of a set of scored-and-evaluated masks: Pearson r of accuracy with {@code dr},
 * {@code lambda} and the full-spectrum distance (Figures 3-4, plus the two iterative means), and the accuracy
 * landscapes over ({@code dr_imdb}, {@code lambda_imsg}) and ({@code dr}, {@code lambda}) (Figure 2). Writes
 * {@code points.csv}, {@code correlations.csv} and PNGs into a folder.
 */
public final class Correlations {
  /** The metrics correlated with accuracy, in the order of {@code correlations.csv}. */
  public static final List<String> METRICS = List.of("dr", "lambda", "distance", "dr_imdb", "lambda_imsg");

  private Correlations() {}

  /** Pearson r of accuracy with each metric (NaN where undefined), in {@link #METRICS} order. */
  public static Map<String, Double> of(List<Observation> points) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String metric : METRICS) {
      List<double[]> pairs = new ArrayList<>();
      for (Observation o : points) {
        double x = o.metric(metric);
        if (Double.isFinite(x) && Double.isFinite(o.accuracy())) {
          pairs.add(new double[] {x, o.accuracy()});
        }
      }
      double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
      out.put(metric, Pearson.of(x, y));
    }
    return out;
  }

  /** Writes the CSVs and figures; returns the correlations. */
  public static Map<String, Double> write(List<Observation> points, Path folder) throws IOException {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no scored-and-evaluated masks to analyse");
    }
    Files.createDirectories(folder);
    Csv csv = Csv.withHeader(Observation.CSV_HEADER.split(","));
    points.forEach(p -> p.appendTo(csv));
    csv.write(folder.resolve("points.csv"));
    Map<String, Double> r = of(points);
    Csv rc = Csv.withHeader("metric", "pearson_r", "points");
    r.forEach((k, v) -> rc.row(k, v, points.size()));
    rc.write(folder.resolve("correlations.csv"));
    double[] acc = column(points, "accuracy");
    for (String metric : METRICS) {
      Plots.scatter(column(points, metric), acc, metric, "test accuracy",
          String.format(Locale.ROOT, "accuracy vs %s: Pearson r = %.3f (n = %d)", metric, r.get(metric),
              points.size()), folder.resolve("accuracy-vs-" + metric + ".png"));
    }
    Plots.landscape(column(points, "dr_imdb"), column(points, "lambda_imsg"), acc, "dr_imdb", "lambda_imsg",
        "accuracy landscape over (dr_imdb, lambda_imsg)", folder.resolve("landscape-imdb-imsg.png"));
    Plots.landscape(column(points, "dr"), column(points, "lambda"), acc, "dr", "lambda",
        "accuracy landscape over (dr, lambda)", folder.resolve("landscape-dr-lambda.png"));
    return r;
  }

  /** Reads a {@code points.csv}. */
  public static List<Observation> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty() || !lines.get(0).trim().equals(Observation.CSV_HEADER)) {
      throw new IllegalArgumentException(file + ": first line must be '" + Observation.CSV_HEADER + "'");
    }
    List<Observation> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        out.add(Observation.parse(lines.get(i), file + " line " + (i + 1)));
      }
    }
    return out;
  }

  private static double[] column(List<Observation> points, String metric) {
    return points.stream().mapToDouble(o -> o.metric(metric)).toArray();
  }
}
