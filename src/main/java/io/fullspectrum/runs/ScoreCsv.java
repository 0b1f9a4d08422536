package io.fullspectrum.runs;

import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;
import io.fullspectrum.schemas.Csv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The {@code score} CSV: {@code layer,left,right,edges,dr,dr_imdb,lambda,lambda_imsg,magnitude[,distance]}, one row
 * per layer in network order, numbers as every table writes them ({@link Csv#number}: {@code inf} when a layer
 * fails the degree gate).
 */
public final class ScoreCsv {
  public static final String HEADER = "layer,left,right,edges,dr,dr_imdb,lambda,lambda_imsg,magnitude";

  private ScoreCsv() {}

  /** Writes atomically (temporary file, then rename). */
  public static void write(Path path, FullSpectrumCoordinate coordinate, @Nullable List<Double> distances)
      throws IOException {
    List<String> header = new java.util.ArrayList<>(List.of(HEADER.split(",")));
    if (distances != null) {
      header.add("distance");
    }
    Csv table = Csv.withHeader(header.toArray(new String[0]));
    for (int i = 0; i < coordinate.layers().size(); i++) {
      LayerSpectrum s = coordinate.layers().get(i);
      List<Object> row = new java.util.ArrayList<>(List.of(coordinate.names().get(i), s.left(), s.right(),
          s.edges(), s.dr(), s.drImdb(), s.lambda(), s.lambdaImsg(), s.magnitude()));
      if (distances != null) {
        row.add(distances.get(i));
      }
      table.row(row.toArray());
    }
    table.write(path);
  }
}
