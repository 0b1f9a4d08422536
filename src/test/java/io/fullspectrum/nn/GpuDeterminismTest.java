package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The switches that make GPU draws repeat reach libtorch's process-wide context (read back from it, on the CPU build:
 * the context is the same there) and the C environment cuBLAS reads; each case in a JVM of its own, since they stay on.
 */
class GpuDeterminismTest {
  private static List<String> probe(Map<String, String> environment) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), GpuDeterminismProbe.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove(GpuDeterminism.CUBLAS_WORKSPACE);
    builder.environment().putAll(environment);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out, p.waitFor(), equalTo(0));
    return out.lines().filter(l -> !l.startsWith("[W") && !l.contains("WARN")).toList();
  }

  @Test
  void enablingTurnsOnDeterministicAlgorithmsAndCudnnAndOffAutotuningWithARepeatingCublasWorkspace()
      throws Exception {
    List<String> lines = probe(Map.of());
    assertThat(lines, hasItem("before State[algorithms=false, cudnn=false, benchmark=false, cublasWorkspace=null]"));
    assertThat(lines, hasItem("after State[algorithms=true, cudnn=true, benchmark=false, cublasWorkspace=:4096:8]"));
  }

  @Test
  void aRepeatingWorkspaceTheUserSetIsKept() throws Exception {
    List<String> lines = probe(Map.of(GpuDeterminism.CUBLAS_WORKSPACE, ":16:8"));
    assertThat(lines, hasItem("after State[algorithms=true, cudnn=true, benchmark=false, cublasWorkspace=:16:8]"));
  }

  @Test
  void aWorkspaceThatDoesNotRepeatIsOneLineNamingIt() throws Exception {
    List<String> lines = probe(Map.of(GpuDeterminism.CUBLAS_WORKSPACE, ":0:0"));
    assertThat(lines, hasItem("error CUBLAS_WORKSPACE_CONFIG=:0:0 in the environment: GPU draws repeat only with "
        + ":4096:8 or :16:8 (unset it, or draw.device=cpu)"));
  }

  @Test
  void theRepeatingStateNeedsEverySwitch() {
    assertThat(new GpuDeterminism.State(true, true, false, ":4096:8").repeats(), equalTo(true));
    assertThat(new GpuDeterminism.State(false, true, false, ":4096:8").repeats(), equalTo(false));
    assertThat(new GpuDeterminism.State(true, false, false, ":4096:8").repeats(), equalTo(false));
    assertThat(new GpuDeterminism.State(true, true, true, ":4096:8").repeats(), equalTo(false));
    assertThat(new GpuDeterminism.State(true, true, false, null).repeats(), equalTo(false));
  }
}
