package io.fullspectrum.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench/gpu.sh --dry, the script itself, as a user runs it on a machine without a GPU (issue 16). */
class GpuScriptDryRunTest {
  @TempDir Path out;

  @Test
  void theScriptsDryModePassesAndSetsOursAgainstPlainPyTorchWhereTorchIsInstalled() throws Exception {
    ProcessBuilder b = new ProcessBuilder("bash", "bench/gpu.sh", "--dry").redirectErrorStream(true);
    b.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    b.environment().put("GPU_CHECK_CP", System.getProperty("java.class.path"));
    b.environment().put("OUT", out.toString());
    Process p = b.start();
    String text = new String(p.getInputStream().readAllBytes());
    assertThat(text, p.waitFor(5, TimeUnit.MINUTES), equalTo(true));
    assertThat(text, p.exitValue(), equalTo(0));
    assertThat(text, containsString("PASS GpuCheck (dry: no GPU used)"));
    String ratios = "(?s).*RATIO ours/PyTorch arch=fmnist-cnn step=[0-9.]+x resident-step=[0-9.]+x "
        + "forward\\+backward=[0-9.]+x forward=[0-9.]+x.*";
    assertThat(text, anyOf(matchesPattern(ratios), containsString("SKIP plain PyTorch: no python with torch")));
    assertThat(Files.readString(out.resolve("gpucheck.log")), containsString("RESULT fine-tune arch=fmnist-cnn"));
  }
}
