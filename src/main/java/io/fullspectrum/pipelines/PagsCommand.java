package io.fullspectrum.pipelines;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
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
    return run(null);
  }

  /**
   * Runs the preset; with {@code resumeFrom}, continues that run folder (whose preset this is): the saved network,
   * the finished draws and the fine-tune checkpoints are reused, the rest is done.
   */
  Path run(Path resumeFrom) throws IOException {
    PagsConfig config = PagsConfig.from(preset);
    // Before the run folder exists: a runner that cannot start (no cluster, no job jar) leaves nothing behind.
    org.apache.beam.sdk.options.PipelineOptions options = Runners.options(preset);
    Path target = resumeFrom != null ? resumeFrom : RunFolder.target(preset);
    try (RunFolder.Lock lock = RunFolder.lock(target)) {
      return runLocked(resumeFrom, target, config, options);
    }
  }

  private Path runLocked(Path resumeFrom, Path target, PagsConfig config,
      org.apache.beam.sdk.options.PipelineOptions options) throws IOException {
    Path folder;
    PagsPipeline.Resume resume = new PagsPipeline.Resume(null, java.util.List.of());
    if (resumeFrom != null) {
      folder = resumeFrom;
      RunState.verify(folder);
      resume = new PagsPipeline.Resume(RunState.loadNetwork(folder), RunState.loadDraws(folder));
      out.printf(Locale.ROOT, "resuming %s: %s, %d of %d draws done%n", folder,
          resume.network() == null ? "network not saved yet" : "network saved", resume.done().size(),
          config.samples() + 1);
    } else {
      folder = RunFolder.prepare(preset, target);
    }
    out.printf(Locale.ROOT, "%s: %s on %s, %s masks at sparsity %s, n=%d draws (i=%d), pre-train %d iterations, "
            + "runner %s; writing %s%n", preset.pipeline(), config.network().architecture(), config.data().name(),
        config.generator(), preset.get("sparsity"), config.samples(), config.saveEvery(),
        config.pretrainIterations(), config.runner(), folder);
    long start = System.nanoTime();
    Pipeline pipeline = Pipeline.create(options);
    PagsPipeline.build(pipeline, config, folder.toAbsolutePath().toString(), resume);
    pipeline.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    Path report = Report.write(folder, preset, seconds);
    out.printf(Locale.ROOT, "done in %.1f s; results %s, report %s%n", seconds, folder.resolve("results.json"),
        report);
    return folder;
  }
}
