package io.fullspectrum.pipelines;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;

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
    // Before the run folder exists: a runner that cannot start (no cluster, no job jar) leaves nothing behind.
    org.apache.beam.sdk.options.PipelineOptions options = Runners.options(preset);
    Path target = resumeFrom != null ? resumeFrom : RunFolder.target(preset);
    try (RunFolder.Lock lock = RunFolder.lock(target)) {
      return runLocked(resumeFrom, target, config, options);
    }
  }

  private Path runLocked(Path resumeFrom, Path destination, StudyConfig config,
      org.apache.beam.sdk.options.PipelineOptions options) throws IOException {
    CommonConfig c = config.common();
    Path folder;
    if (resumeFrom != null) {
      folder = resumeFrom;
      RunState.verify(folder);
      out.printf(Locale.ROOT, "resuming %s%n", folder);
    } else {
      folder = RunFolder.prepare(preset, destination);
    }
    out.printf(Locale.ROOT, "%s: %s on %s at sparsity %s, runner %s; writing %s%n", preset.pipeline(),
        c.network().architecture(), c.data().name(), preset.get("sparsity"), c.runner(), folder);
    long start = System.nanoTime();
    Pipeline pipeline = Pipeline.create(options);
    String target = folder.toAbsolutePath().toString();
    if (config.itop() != null) {
      StudyPipeline.itop(pipeline, preset, config, target);
    } else {
      StudyPipeline.baseline(pipeline, config, target);
    }
    pipeline.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    Path report = Report.write(folder, preset, seconds);
    out.printf(Locale.ROOT, "done in %.1f s; results %s, report %s%n", seconds, folder.resolve("results.json"),
        report);
    return folder;
  }
}
