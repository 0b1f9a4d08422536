package io.fullspectrum.cli;

import io.fullspectrum.analysis.Correlations;
import io.fullspectrum.analysis.Observation;
import io.fullspectrum.config.Preset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code pipeline=analyze input=points.csv}: the correlation analysis of a user's own scored-and-evaluated masks. */
final class AnalyzeCommand {
  private final Preset preset;
  private final PrintStream out;

  AnalyzeCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  void run() throws IOException {
    String input = preset.get("input");
    String output = preset.get("output");
    if (input.isEmpty()) {
      throw new IllegalArgumentException("input= is empty: give a CSV with the header " + Observation.CSV_HEADER);
    }
    Path file = Paths.get(input);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    List<Observation> points = Correlations.read(file);
    Path folder = output.isEmpty() ? file.toAbsolutePath().getParent() : Paths.get(output);
    Map<String, Double> r = Correlations.write(points, folder);
    out.printf(Locale.ROOT, "%d masks from %s%n", points.size(), file);
    r.forEach((k, v) -> out.printf(Locale.ROOT, "Pearson r(accuracy, %s) = %.4f%n", k, v));
    out.printf(Locale.ROOT, "figures and correlations.csv in %s%n", folder);
  }
}
