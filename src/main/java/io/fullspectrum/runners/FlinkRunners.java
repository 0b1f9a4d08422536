package io.fullspectrum.runners;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Pipeline options of the Flink runner profiles: the one class that needs Beam's (optional) Flink runner. */
final class FlinkRunners {
  private FlinkRunners() {}

  static PipelineOptions options(RunnerSettings settings, Integer cores) {
    String runner = settings.runner();
    int parallelism = settings.parallelism();
    FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFasterCopy(true); // elements are never mutated after output: no defensive copies between operators
    if (runner.equals("flink-local")) {
      o.setFlinkMaster("[local]");
      o.setParallelism(cores);
      return o;
    }
    String master = settings.flinkMaster();
    if (master.isEmpty()) {
      throw new IllegalArgumentException("runner=" + runner + " needs flinkMaster=host:port (the JobManager's "
          + "REST address), or [auto] under flink run");
    }
    o.setFlinkMaster(master);
    if (parallelism > 0) {
      o.setParallelism(parallelism);
    } else if (!master.equals("[auto]")) {
      o.setParallelism(FlinkRest.totalSlots(master)); // fan out over every slot, not Flink's default of 1
    }
    o.setNumberOfExecutionRetries(settings.retries());
    o.setExecutionRetryDelay(settings.retryDelayMillis());
    if (!master.equals("[auto]")) {
      Path jar = Paths.get(settings.jobJar());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("jobJar=" + jar + ": no such file; build the job jar with "
            + "mvn -Pflink package -DskipTests");
      }
      o.setFilesToStage(List.of(jar.toAbsolutePath().toString()));
    }
    return o;
  }
}
