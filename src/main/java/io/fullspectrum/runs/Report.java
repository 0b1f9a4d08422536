package io.fullspectrum.runs;

import io.fullspectrum.config.Preset;
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
 * The run's one-page {@code report.html}, built from the files the run wrote: key numbers, the distance of each
 * draw and of the best so far against the draw index, and the fine-tune accuracy curves, as inline SVG (no
 * scripts, nothing fetched).
 */
final class Report {
  private Report() {}

  static Path write(Path folder, Preset preset, double seconds) throws IOException {
    List<String[]> distance = csv(folder.resolve("distance.csv"));
    List<String[]> curves = csv(folder.resolve("finetune.csv"));
    String results = Files.isRegularFile(folder.resolve("results.json"))
        ? Files.readString(folder.resolve("results.json")) : "{}";
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>FullSpectrum ")
        .append(esc(preset.pipeline())).append(" run</title><style>body{font-family:sans-serif;max-width:960px;"
            + "margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
            + "svg{background:#fafafa;border:1px solid #ddd}</style></head><body>");
    html.append("<h1>FullSpectrum: ").append(esc(preset.pipeline())).append("</h1>");
    html.append("<h2>Key numbers</h2><table>");
    Map<String, String> v = preset.values();
    row(html, "pipeline kind", v.getOrDefault("kind", preset.pipeline()));
    row(html, "architecture", v.get("architecture"));
    row(html, "data", v.get("data"));
    row(html, "generator", v.get("generator"));
    row(html, "target sparsity", v.get("sparsity"));
    if (v.containsKey("samples")) {
      row(html, "draws n (save every i)", v.get("samples") + " (" + v.get("save.every") + ")");
    }
    row(html, "pre-train iterations", v.get("pretrain.iterations"));
    if (Files.isRegularFile(folder.resolve("search.json"))) {
      row(html, "search cost (JSON)", "<pre>" + esc(Files.readString(folder.resolve("search.json"))) + "</pre>");
    }
    if (!distance.isEmpty()) {
      String[] last = distance.get(distance.size() - 1);
      row(html, "baseline distance (draw 0)", distance.get(0)[1]);
      row(html, "selected distance (best after all draws)", last[2]);
    }
    row(html, "final test accuracy (JSON)", "<pre>" + esc(results) + "</pre>");
    row(html, "wall time", String.format(Locale.ROOT, "%.1f s", seconds));
    html.append("</table>");
    List<String[]> selections = csv(folder.resolve("selections.csv"));
    if (!selections.isEmpty()) {
      html.append("<h2>Masks as fine-tuned</h2><p>The baseline and every saved selection after budget keeping, "
          + "re-scored; effective sparsity counts the weights on no input-to-output path "
          + "(<code>selections.csv</code>).</p><table><tr><th>mask</th><th>draws</th><th>achieved sparsity</th>"
          + "<th>effective sparsity</th><th>connected</th><th>distance</th></tr>");
      rows(html, selections);
    }
    if (!distance.isEmpty()) {
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      series.put("draw distance", new ArrayList<>());
      series.put("best so far (CompareMerge)", new ArrayList<>());
      for (String[] r : distance) {
        double x = Csv.parseNumber(r[0]);
        series.get("draw distance").add(new double[] {x, Csv.parseNumber(r[1])});
        series.get("best so far (CompareMerge)").add(new double[] {x, Csv.parseNumber(r[2])});
      }
      html.append("<h2>Distance against draw index</h2>").append(svg(series, "draw", "mean layer magnitude"));
    }
    List<String[]> tuned = csv(folder.resolve("results.csv"));
    if (!tuned.isEmpty()) {
      html.append("<h2>Fine-tuned masks</h2><p>One row per fine-tuned mask (<code>results.csv</code>): test "
          + "accuracy at the epoch the validation split picks (ours), and at the best test epoch (the authors' "
          + "choice, paper-style: it reads the test split to pick).</p><table><tr>");
      for (String h : ResultRow.HEADER.split(",")) {
        html.append("<th>").append(esc(h.replace('_', ' '))).append("</th>");
      }
      html.append("</tr>");
      rows(html, tuned);
      if (tuned.size() > 1) {
        Map<String, List<double[]>> byDraws = new LinkedHashMap<>();
        Map<String, List<double[]>> byDistance = new LinkedHashMap<>();
        String ours = "test accuracy at the validation-chosen epoch";
        String paper = "best test accuracy (paper-style)";
        for (String key : List.of(ours, paper)) {
          byDraws.put(key, new ArrayList<>());
          byDistance.put(key, new ArrayList<>());
        }
        for (String[] r : tuned) {
          ResultRow row = ResultRow.parse("results.csv", r);
          byDraws.get(ours).add(new double[] {row.draws(), row.testAccuracy()});
          byDraws.get(paper).add(new double[] {row.draws(), row.bestTestAccuracy()});
          byDistance.get(ours).add(new double[] {row.distance(), row.testAccuracy()});
          byDistance.get(paper).add(new double[] {row.distance(), row.bestTestAccuracy()});
        }
        byDistance.values().forEach(pts -> pts.sort((a, b) -> Double.compare(a[0], b[0])));
        html.append("<h2>Accuracy against draws seen</h2>").append(svg(byDraws, "draws seen", "test accuracy",
            true));
        html.append("<h2>Accuracy against full-spectrum distance</h2>").append(svg(byDistance,
            "distance (mean layer magnitude)", "test accuracy", true));
      }
    }
    if (!curves.isEmpty()) {
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      for (String[] r : curves) {
        series.computeIfAbsent(r[0], k -> new ArrayList<>())
            .add(new double[] {Csv.parseNumber(r[1]), Csv.parseNumber(r[4])});
      }
      html.append("<h2>Fine-tune test accuracy</h2>").append(svg(series, "epoch", "test accuracy"));
    }
    appendAnalysis(html, folder);
    html.append("<h2>Preset</h2><pre>");
    preset.values().forEach((k, val) -> html.append(esc(k)).append('=').append(esc(val)).append('\n'));
    html.append("</pre></body></html>\n");
    Path out = folder.resolve("report.html");
    RunOutputs.writeAtomically(out, html.toString());
    return out;
  }

  /** The correlation analysis (Figures 2-4), when the run wrote one: Pearson r per metric and the PNG figures. */
  private static void appendAnalysis(StringBuilder html, Path folder) throws IOException {
    Path analysis = folder.resolve("analysis");
    List<String[]> r = csv(analysis.resolve("correlations.csv"));
    if (r.isEmpty()) {
      return;
    }
    html.append("<h2>Accuracy against the full spectrum</h2><table><tr><th>metric</th><th>Pearson r</th>"
        + "<th>masks</th></tr>");
    for (String[] row : r) {
      html.append("<tr><td>").append(esc(row[0])).append("</td><td>").append(esc(row[1])).append("</td><td>")
          .append(esc(row[2])).append("</td></tr>");
    }
    html.append("</table><p>Points: <code>analysis/points.csv</code>.</p>");
    try (java.util.stream.Stream<Path> files = Files.list(analysis)) {
      for (Path png : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
        html.append("<img alt=\"").append(esc(png.getFileName().toString())).append("\" src=\"analysis/")
            .append(esc(png.getFileName().toString())).append("\" width=\"480\">");
      }
    }
  }

  private static List<String[]> csv(Path path) throws IOException {
    return Csv.rows(path);
  }

  /** CSV rows as HTML table rows, cells escaped, and the table closed. */
  private static void rows(StringBuilder html, List<String[]> rows) {
    for (String[] r : rows) {
      html.append("<tr>");
      for (String cell : r) {
        html.append("<td>").append(esc(cell)).append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</table>");
  }

  private static void row(StringBuilder html, String key, String value) {
    if (value == null) {
      return;
    }
    html.append("<tr><th>").append(esc(key)).append("</th><td>")
        .append(value.startsWith("<pre>") ? value : esc(value)).append("</td></tr>");
  }

  private static String svg(Map<String, List<double[]>> series, String xLabel, String yLabel) {
    return svg(series, xLabel, yLabel, false);
  }

  /** @param dots marks every point with a dot (for a few masks, where a bare line would hide them) */
  private static String svg(Map<String, List<double[]>> series, String xLabel, String yLabel, boolean dots) {
    int w = 800;
    int h = 320;
    int pad = 50;
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (List<double[]> pts : series.values()) {
      for (double[] p : pts) {
        if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
          minX = Math.min(minX, p[0]);
          maxX = Math.max(maxX, p[0]);
          minY = Math.min(minY, p[1]);
          maxY = Math.max(maxY, p[1]);
        }
      }
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">", w, h));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", pad,
        h - pad, w - pad, h - pad));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", pad, pad,
        pad, h - pad));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", w / 2, h - 10,
        esc(xLabel)));
    s.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"12\">%s</text>", pad - 20,
        esc(yLabel)));
    s.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"11\">%.4g</text>", pad + 4, maxY));
    s.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"11\">%.4g</text>", h - pad, minY));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.4g</text>", pad, h - pad + 15,
        minX));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.4g</text>", w - pad - 20,
        h - pad + 15, maxX));
    int k = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      String colour = colours[k % colours.length];
      StringBuilder points = new StringBuilder();
      for (double[] p : e.getValue()) {
        if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
          double x = pad + (p[0] - minX) / (maxX - minX) * (w - 2 * pad);
          double y = h - pad - (p[1] - minY) / (maxY - minY) * (h - 2 * pad);
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
          if (dots) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", x, y,
                colour));
          }
        }
      }
      s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
          .append(points).append("\"/>");
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>",
          w - 260, pad + 15 * k, colour, esc(e.getKey())));
      k++;
    }
    return s.append("</svg>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
