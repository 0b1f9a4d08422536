package io.fullspectrum.cli;

import io.fullspectrum.config.CommonConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.TorchScriptModel;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code layers} pipeline: what a network's prunable layers are, before any run, one line each with its shape and
 * weight count, then the total and, for a TorchScript model, the parameters that stay dense.
 */
final class LayersCommand {
  private final Preset preset;
  private final PrintStream out;

  LayersCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  void run() {
    String name;
    int classes;
    try {
      name = CommonConfig.architecture(preset);
      classes = preset.getInt("classes");
    } catch (IllegalArgumentException e) {
      throw preset.located(e);
    }
    Architecture arch = Architecture.of(name, classes);
    boolean model = TorchScriptModel.isSpec(name);
    out.println((model ? "model " + TorchScriptModel.of(name).path() : "architecture " + name) + ": "
        + arch.layerNames().size() + " prunable layers");
    long total = 0;
    for (String layer : arch.layerNames()) {
      int[] shape = arch.shape(layer);
      long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
      total += n;
      out.printf(Locale.ROOT, "  %-40s %-20s %,12d%n", layer + (model ? ".weight" : ""),
          Arrays.toString(shape).replace(" ", ""), n);
    }
    out.printf(Locale.ROOT, "  %-40s %-20s %,12d%n", "total", "", total);
    if (model) {
      TorchScriptModel m = TorchScriptModel.of(name);
      java.util.Set<String> pruned = new java.util.HashSet<>();
      arch.layerNames().forEach(l -> pruned.add(l + ".weight"));
      StringBuilder dense = new StringBuilder();
      for (Map.Entry<String, int[]> p : m.parameters().entrySet()) {
        if (!pruned.contains(p.getKey())) {
          dense.append(dense.length() == 0 ? "" : ", ").append(p.getKey());
        }
      }
      out.println("dense (not pruned): " + (dense.length() == 0 ? "none" : dense));
    }
  }
}
