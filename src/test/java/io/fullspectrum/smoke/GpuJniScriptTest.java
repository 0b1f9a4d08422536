package io.fullspectrum.smoke;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/gpu/build-djl-jni.sh says in one line what is missing before it compiles anything. (Its compile and link
 * steps ran on the lent H100: bench/results/gpu-h100.txt.)
 */
class GpuJniScriptTest {
  @TempDir Path dir;

  private String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "infra/gpu/build-djl-jni.sh"));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().put("BUILD_DIR", dir.resolve("build").toString());
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(out, p.waitFor(), equalTo(1));
    return out.strip();
  }

  @Test
  void withoutDjlSourcesItSaysHowToGetThem() throws Exception {
    assertThat(run(), containsString("git clone -b v0.36.0 --depth 1 https://github.com/deepjavalibrary/djl"));
  }

  @Test
  void aFolderThatIsNotADjlCheckoutIsNamed() throws Exception {
    assertThat(run(dir.toString()), containsString(dir + " is not a DJL checkout"));
  }

  @Test
  void aDjlCheckoutOfAnotherVersionIsRefused() throws Exception {
    Path djl = FakeDjlCheckout.at(dir.resolve("djl"), "0.35.0");
    String out = run(djl.toString());
    assertThat(out, containsString("is DJL 0.35.0, this project runs DJL 0.36.0: check out tag v0.36.0"));
    assertThat("one line", out.lines().count(), equalTo(1L));
  }
}
