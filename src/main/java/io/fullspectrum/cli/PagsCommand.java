package io.fullspectrum.cli;

import io.fullspectrum.config.CommonConfig;
import io.fullspectrum.config.PagsConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.pipelines.PagsPipeline;
import io.fullspectrum.runners.Runners;
import io.fullspectrum.runs.RunFolder;
import io.fullspectrum.runs.RunState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

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
    org.apache.beam.sdk.options.PipelineOptions options = Runners.options(CommonConfig.runnerSettings(preset));
    return RunFolder.execute(preset, options, resumeFrom, out, (pipeline, folder, resumed) -> {
      PagsPipeline.Resume resume = new PagsPipeline.Resume(null, java.util.List.of());
      if (resumed) {
        resume = new PagsPipeline.Resume(RunState.loadNetwork(folder), RunState.loadDraws(folder));
        out.printf(Locale.ROOT, "resuming %s: %s, %d of %d draws done%n", folder,
            resume.network() == null ? "network not saved yet" : "network saved", resume.done().size(),
            config.samples() + 1);
      }
      out.printf(Locale.ROOT, "%s: %s on %s, %s masks at sparsity %s, n=%d draws (i=%d), pre-train %d "
              + "iterations, runner %s; writing %s%n", preset.pipeline(), config.network().architecture(),
          config.data().name(), config.generator(), preset.get("sparsity"), config.samples(), config.saveEvery(),
          config.pretrainIterations(), config.runner(), folder);
      PagsPipeline.build(pipeline, config, folder.toAbsolutePath().toString(), resume);
    });
  }
}
