package io.fullspectrum.pipelines;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Pipeline options per runner profile: {@code direct} (local threads) and {@code flink-local} (Flink's embedded
 * cluster); both use every core unless a parallelism is given.
 */
final class Runners {
  private Runners() {}

  /** The runner profiles there are. */
  static final java.util.List<String> NAMES = java.util.List.of("direct", "flink-local");

  /** @throws IllegalArgumentException for an unknown runner name */
  static void check(String runner) {
    if (!NAMES.contains(runner)) {
      throw new IllegalArgumentException("runner=" + runner + " is not one of " + String.join(", ", NAMES));
    }
  }

  static PipelineOptions options(String runner, int parallelism) {
    int cores = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    switch (runner) {
      case "direct": {
        DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
        o.setRunner(DirectRunner.class);
        o.setTargetParallelism(cores);
        o.setBlockOnRun(true);
        return o;
      }
      case "flink-local": {
        FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        o.setRunner(FlinkRunner.class);
        o.setFlinkMaster("[local]");
        o.setParallelism(cores);
        return o;
      }
      default:
        throw new IllegalArgumentException("runner=" + runner + " is not one of direct, flink-local");
    }
  }
}
