package io.fullspectrum.pipelines;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;

/** Runs a {@code kind=pags} preset (pags, pegs, pai and their paper variants) and writes its run folder. */
final class PagsCommand {
  private final Preset preset;
  private final PrintStream out;

  PagsCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  Path run() throws IOException {
    PagsConfig config = PagsConfig.from(preset);
    String output = preset.get("output");
    Path folder = output.isEmpty() ? RunFolder.fresh(preset.pipeline()) : Paths.get(output);
    StringBuilder used = new StringBuilder("# preset " + preset.source() + " with overrides " + preset.overrides()
        + "\n");
    preset.values().forEach((k, v) -> used.append(k).append('=').append(v).append('\n'));
    RunOutputs.writeAtomically(folder.resolve("preset.properties"), used.toString());
    out.printf(Locale.ROOT, "%s: %s on %s, %s masks at sparsity %s, n=%d draws (i=%d), pre-train %d iterations, "
            + "runner %s; writing %s%n", preset.pipeline(), config.network().architecture(), config.data().name(),
        config.generator(), preset.get("sparsity"), config.samples(), config.saveEvery(),
        config.pretrainIterations(), config.runner(), folder);
    long start = System.nanoTime();
    Pipeline pipeline = Pipeline.create(Runners.options(config.runner()));
    PagsPipeline.build(pipeline, config, folder.toAbsolutePath().toString());
    pipeline.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    Path report = Report.write(folder, preset, seconds);
    out.printf(Locale.ROOT, "done in %.1f s; results %s, report %s%n", seconds, folder.resolve("results.json"),
        report);
    return folder;
  }
}
