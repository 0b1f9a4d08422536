package io.fullspectrum.pipelines;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Pipeline options per runner profile ({@code runners/NAME.properties}): {@code direct} (local threads),
 * {@code flink-local} (Flink's embedded cluster), {@code flink-cluster} and {@code flink-cluster-gpu} (a remote
 * session cluster, the job jar staged to it, restarts on failure).
 */
final class Runners {
  private Runners() {}

  /** @throws IllegalArgumentException for an unknown runner name */
  static void check(String runner) {
    if (!Preset.RUNNERS.contains(runner)) {
      throw new IllegalArgumentException("runner=" + runner + " is not one of " + String.join(", ", Preset.RUNNERS));
    }
  }

  /** Whether the runner submits to a Flink cluster of its own (not this JVM). */
  static boolean remote(String runner) {
    return runner.startsWith("flink-cluster");
  }

  static PipelineOptions options(Preset preset) {
    String runner = preset.get("runner");
    check(runner);
    int parallelism = preset.getInt("parallelism");
    int cores = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    PipelineOptions options = forRunner(preset, runner, parallelism, cores);
    // The name the Flink web UI lists the job under.
    options.setJobName("fullspectrum-" + preset.pipeline() + "-" + System.currentTimeMillis());
    return options;
  }

  private static PipelineOptions forRunner(Preset preset, String runner, int parallelism, int cores) {
    switch (runner) {
      case "direct": {
        DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
        o.setRunner(DirectRunner.class);
        o.setTargetParallelism(cores);
        o.setBlockOnRun(true);
        // The immutability and encodability checks re-encode every element (whole networks, masks): they belong
        // in tests (TestPipeline keeps them on), not in production runs.
        o.setEnforceImmutability(false);
        o.setEnforceEncodability(false);
        return o;
      }
      default:
        // Only here is Flink's runner needed: a project that takes FullSpectrum as a library without it (the
        // dependency is optional) still runs the direct runner and its own.
        return FlinkRunners.options(preset, runner, parallelism, cores);
    }
  }
}
