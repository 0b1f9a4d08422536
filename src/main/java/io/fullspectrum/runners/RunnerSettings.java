package io.fullspectrum.runners;

import java.util.List;

/**
 * Where a pipeline runs, as a runner profile ({@code runners/NAME.properties}) and the preset say it, bound once.
 *
 * @param runner one of {@link #KNOWN}
 * @param parallelism workers; 0 = one per core (direct, flink-local) or every slot of the cluster (flink-cluster)
 * @param flinkMaster the JobManager's {@code host:port}, {@code [auto]} under {@code flink run}; empty for local
 *     runners
 * @param retries restarts after a failure (Flink)
 * @param retryDelayMillis milliseconds between two restarts (Flink)
 * @param jobJar the shaded job jar staged to a remote cluster
 * @param jobName the name the Flink web UI lists the job under
 */
public record RunnerSettings(String runner, int parallelism, String flinkMaster, int retries, long retryDelayMillis,
    String jobJar, String jobName) {
  /** The runner profiles shipped with the project. */
  public static final List<String> KNOWN = List.of("direct", "flink-local", "flink-cluster", "flink-cluster-gpu");

  public RunnerSettings {
    check(runner);
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism=" + parallelism + " is negative (0 = one worker per core)");
    }
  }

  /** @throws IllegalArgumentException for an unknown runner name */
  public static void check(String runner) {
    if (!KNOWN.contains(runner)) {
      throw new IllegalArgumentException("runner=" + runner + " is not one of " + String.join(", ", KNOWN));
    }
  }
}
