package io.fullspectrum.cli;

import io.fullspectrum.config.CommonConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.config.StudyConfig;
import io.fullspectrum.pipelines.StudyPipeline;
import io.fullspectrum.runners.Runners;
import io.fullspectrum.runs.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs a {@code kind=lth}, {@code eb} or {@code itop} preset into its run folder. A resumed run reuses the LTH
 * rounds and fine-tune epochs it had saved; initial weights and short pre-training are recomputed (they are
 * seeded, so they come out the same).
 */
final class StudyCommand {
  private final Preset preset;
  private final PrintStream out;

  StudyCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  Path run(Path resumeFrom) throws IOException {
    StudyConfig config = StudyConfig.from(preset);
    org.apache.beam.sdk.options.PipelineOptions options = Runners.options(CommonConfig.runnerSettings(preset));
    return RunFolder.execute(preset, options, resumeFrom, out, (pipeline, folder, resumed) -> {
      CommonConfig c = config.common();
      if (resumed) {
        out.printf(Locale.ROOT, "resuming %s%n", folder);
      }
      out.printf(Locale.ROOT, "%s: %s on %s at sparsity %s, runner %s; writing %s%n", preset.pipeline(),
          c.network().architecture(), c.data().name(), preset.get("sparsity"), c.runner(), folder);
      String target = folder.toAbsolutePath().toString();
      if (config.itop() != null) {
        StudyPipeline.itop(pipeline, preset, config, target);
      } else {
        StudyPipeline.baseline(pipeline, config, target);
      }
    });
  }
}
