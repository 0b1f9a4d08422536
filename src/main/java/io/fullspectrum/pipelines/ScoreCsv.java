package io.fullspectrum.pipelines;

import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;
import io.fullspectrum.schemas.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The {@code score} CSV: {@code layer,left,right,edges,dr,dr_imdb,lambda,lambda_imsg,magnitude[,distance]}, one row
 * per layer in network order; non-finite values are written {@code inf}, numbers in Java's shortest exact form.
 */
final class ScoreCsv {
  static final String HEADER = "layer,left,right,edges,dr,dr_imdb,lambda,lambda_imsg,magnitude";

  private ScoreCsv() {}

  /** Writes atomically (temporary file, then rename). */
  static void write(Path path, FullSpectrumCoordinate coordinate, @Nullable List<Double> distances)
      throws IOException {
    StringBuilder out = new StringBuilder();
    out.append(HEADER).append(distances == null ? "" : ",distance").append('\n');
    for (int i = 0; i < coordinate.layers().size(); i++) {
      LayerSpectrum s = coordinate.layers().get(i);
      out.append(String.join(",", coordinate.names().get(i), Integer.toString(s.left()),
          Integer.toString(s.right()), Integer.toString(s.edges()), number(s.dr()), number(s.drImdb()),
          number(s.lambda()), number(s.lambdaImsg()), number(s.magnitude())));
      if (distances != null) {
        out.append(',').append(number(distances.get(i)));
      }
      out.append('\n');
    }
    AtomicFiles.writeString(path, out.toString());
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.toString(v);
  }
}
