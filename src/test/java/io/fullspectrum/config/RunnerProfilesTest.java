package io.fullspectrum.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.nn.Devices;
import io.fullspectrum.runners.Runners;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;

/** Runner profiles (runners/*.properties): their keys, their options, and the errors a wrong one gives. */
class RunnerProfilesTest {
  @Test
  void aClusterRunnersKeysCanBeSetLikeAnyPresetKey() throws IOException {
    Preset p = Preset.load("pags", List.of("runner=flink-cluster"), Map.of("flinkMaster", "10.0.0.7:8081"));
    assertThat(p.get("flinkMaster"), equalTo("10.0.0.7:8081"));
    assertThat(p.get("flink.retries"), equalTo("5"));
    assertThat(p.get("device"), equalTo("cpu"));
  }

  @Test
  void theGpuProfileTrainsOnTheGpu() throws IOException {
    assertThat(Preset.load("pegs", List.of("runner=flink-cluster-gpu"), Map.of()).get("device"), equalTo("gpu"));
  }

  @Test
  void aRunnerWithoutAProfileIsNamedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preset.load("pags", List.of("runner=spark"), Map.of()));
    // The shipped runners first; a runner the class path registers (the tests' service-direct) follows them.
    assertThat(e.getMessage(), startsWith("runner=spark has no profile runners/spark.properties; known: direct, "
        + "flink-local, flink-cluster, flink-cluster-gpu"));
  }

  @Test
  void clusterKeysAreUnknownToALocalRunner() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preset.load("pags", List.of("runner=direct", "flinkMaster=h:1"), Map.of()));
    assertThat(e.getMessage(), containsString("unknown key 'flinkMaster' for pipeline pags"));
  }

  @Test
  void aClusterThatDoesNotAnswerIsNamedWithHowToStartOne() throws IOException {
    Preset p = Preset.load("pags", List.of("runner=flink-cluster", "flinkMaster=127.0.0.1:9"), Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Runners.options(CommonConfig.runnerSettings(p)));
    assertThat(e.getMessage(), containsString("flinkMaster=127.0.0.1:9: no Flink cluster answers at "
        + "http://127.0.0.1:9/overview"));
    assertThat(e.getMessage(), containsString("infra/flink/start-cluster.sh"));
  }

  @Test
  void aMissingJobJarIsNamedWithTheCommandThatBuildsIt() throws IOException {
    Preset p = Preset.load("pags", List.of("runner=flink-cluster", "parallelism=2", "jobJar=target/nope.jar"),
        Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Runners.options(CommonConfig.runnerSettings(p)));
    assertThat(e.getMessage(), equalTo("jobJar=target/nope.jar: no such file; build the job jar with "
        + "mvn -Pflink package -DskipTests"));
  }

  @Test
  void underFlinkRunTheClusterSuppliesEnvironmentAndJar() throws IOException {
    Preset p = Preset.load("pags", List.of("runner=flink-cluster", "flinkMaster=[auto]", "jobJar=target/nope.jar"),
        Map.of());
    FlinkPipelineOptions o = Runners.options(CommonConfig.runnerSettings(p)).as(FlinkPipelineOptions.class);
    assertThat(o.getFlinkMaster(), equalTo("[auto]"));
    assertThat(o.getNumberOfExecutionRetries(), equalTo(5));
    assertThat(o.getFilesToStage() == null, equalTo(true));
  }

  @Test
  void anUnknownDeviceIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.check("tpu"));
    assertThat(e.getMessage(), equalTo("device=tpu is not one of cpu, gpu, gpu+cudnn-benchmark"));
  }

  @Test
  void askingForAGpuWherePyTorchSeesNoneFallsBackToTheCpu() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0,
        "this machine has a GPU");
    assertThat(Devices.named("gpu"), equalTo(ai.djl.Device.cpu()));
  }

  @Test
  void cudnnAutotuningIsAGpuOptionThatFallsBackToTheCpuLikeGpu() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0,
        "this machine has a GPU");
    assertThat(Devices.named("gpu+cudnn-benchmark"), equalTo(ai.djl.Device.cpu()));
    assertThrows(IllegalArgumentException.class, () -> Devices.check("cpu+cudnn-benchmark"));
  }
}
