package io.fullspectrum.runners;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Pipeline options per runner profile ({@code runners/NAME.properties}): {@code direct} (local threads),
 * {@code flink-local} (Flink's embedded cluster), {@code flink-cluster} and {@code flink-cluster-gpu} (a remote
 * session cluster, the job jar staged to it, restarts on failure).
 */
public final class Runners {
  private Runners() {}

  /** The options of the runner {@code settings} name, for a pipeline created from them. */
  public static PipelineOptions options(RunnerSettings settings) {
    int parallelism = settings.parallelism();
    int cores = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    PipelineOptions options = forRunner(settings, cores);
    options.setJobName(settings.jobName());
    return options;
  }

  private static PipelineOptions forRunner(RunnerSettings settings, int cores) {
    switch (settings.runner()) {
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
        return FlinkRunners.options(settings, cores);
    }
  }
}
