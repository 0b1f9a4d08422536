package io.fullspectrum.runners;

/**
 * Where a pipeline runs, as a runner profile ({@code runners/NAME.properties}) and the preset say it, bound once.
 *
 * @param runner a registered runner ({@link Runners#names})
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
  public RunnerSettings {
    check(runner);
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism=" + parallelism + " is negative (0 = one worker per core)");
    }
  }

  /** @throws IllegalArgumentException for an unknown runner name */
  public static void check(String runner) {
    Runners.get(runner);
  }
}
