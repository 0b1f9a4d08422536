package io.fullspectrum.cli;

import io.fullspectrum.config.CommonConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.generators.ExampleNetwork;
import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.runs.RunFolder;
import io.fullspectrum.runs.ScoreCsv;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * The {@code score} pipeline: reads one network (or builds the embedded example), scores every layer and writes
 * the CSV of {@link ScoreCsv}; with a reference network, also the per-layer distance between the two.
 */
final class ScoreCommand {
  private final Preset preset;
  private final PrintStream out;

  ScoreCommand(Preset preset) {
    this(preset, System.out);
  }

  ScoreCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  /**
   * The {@code score} preset, bound once: the network to score ({@code input}, or the embedded example network of
   * {@code architecture}, {@code classes}, {@code sparsity}, {@code seed}), an optional {@code reference}, the CSV.
   */
  record Config(String input, String reference, String output, String architecture, int classes, double sparsity,
      long seed) {
    /** @throws IllegalArgumentException one line naming the key (and the preset file when it holds the value) */
    static Config from(Preset p) {
      try {
        return new Config(p.get("input"), p.get("reference"), p.get("output"), CommonConfig.architecture(p),
            p.getInt("classes"), p.getSparsity("sparsity"), p.getLong("seed"));
      } catch (IllegalArgumentException e) {
        throw p.located(e);
      }
    }
  }

  /** Runs and returns the CSV written. */
  Path run() throws IOException {
    Config c = Config.from(preset);
    String input = c.input();
    MaskSet network;
    String label;
    if (input.isEmpty()) {
      Architecture arch = Architecture.of(c.architecture(), c.classes());
      network = ExampleNetwork.randomMasked(arch, c.sparsity(), c.seed());
      label = String.format(Locale.ROOT, "example %s, Random mask at sparsity %s, seed %d", arch.name(),
          preset.get("sparsity"), c.seed());
    } else {
      network = NetworkFiles.read(Paths.get(input));
      label = input;
    }
    long start = System.nanoTime();
    FullSpectrumCoordinate coordinate = score(network, label);
    double millis = (System.nanoTime() - start) / 1e6;

    List<Double> distances = null;
    String reference = c.reference();
    if (!reference.isEmpty()) {
      FullSpectrumCoordinate ref = score(NetworkFiles.read(Paths.get(reference)), reference);
      try {
        distances = coordinate.distancesFrom(ref);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(reference + ": " + e.getMessage());
      }
    }
    String output = c.output();
    Path csv = output.isEmpty() ? RunFolder.fresh("score").resolve("scores.csv") : Paths.get(output);
    ScoreCsv.write(csv, coordinate, distances);
    report(label, network, coordinate, distances, millis, csv);
    return csv;
  }

  private static FullSpectrumCoordinate score(MaskSet network, String source) {
    try {
      return NetworkScorer.sparse().parallel().score(network.layers());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
  }

  private void report(String label, MaskSet network, FullSpectrumCoordinate c, List<Double> distances,
      double millis, Path csv) {
    out.printf(Locale.ROOT, "score: %s (%d layers, %d of %d weights kept, sparsity %.4f)%n", label,
        c.layers().size(), network.keptWeights(),
        network.totalWeights(), network.achievedSparsity());
    out.printf(Locale.ROOT, "%-22s %8s %6s %8s %10s %10s %10s %10s %10s%n", "layer", "left", "right", "edges",
        "dr", "dr_imdb", "lambda", "lambda_imsg", "magnitude");
    for (int i = 0; i < c.layers().size(); i++) {
      LayerSpectrum s = c.layers().get(i);
      out.printf(Locale.ROOT, "%-22s %8d %6d %8d %10.5f %10.5f %10.5f %10.5f %10.5f%n", c.names().get(i), s.left(),
          s.right(), s.edges(), s.dr(), s.drImdb(), s.lambda(), s.lambdaImsg(), s.magnitude());
    }
    out.printf(Locale.ROOT, "mean magnitude (l2 moving distance, method §3): %.6f%n", c.meanMagnitude());
    if (distances != null) {
      double sum = 0;
      for (double d : distances) {
        sum += d;
      }
      out.printf(Locale.ROOT, "mean distance from the reference: %.6f%n", sum / distances.size());
    }
    out.printf(Locale.ROOT, "scored in %.1f ms; wrote %s%n", millis, csv);
  }
}
