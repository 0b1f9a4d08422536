package io.fullspectrum.smoke;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench/gpu/kit.sh names in one line what is wrong with the DJL sources it is given, before it builds anything. */
class GpuKitScriptTest {
  @TempDir Path dir;

  private String run(Path djl) throws Exception {
    Process p = new ProcessBuilder("bash", "bench/gpu/kit.sh", dir.resolve("kit").toString(), djl.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(out, p.waitFor(), equalTo(1));
    assertThat(out, Files.exists(dir.resolve("kit")), equalTo(false));
    return out;
  }

  @Test
  void aFolderThatIsNotADjlCheckoutIsNamed() throws Exception {
    assertThat(run(dir), equalTo("kit.sh: " + dir + " has no engines/pytorch/pytorch-native/src/main/native: not a "
        + "DJL v0.36.0 checkout"));
  }

  @Test
  void aDjlCheckoutOfAnotherVersionIsRefused() throws Exception {
    Path djl = FakeDjlCheckout.at(dir.resolve("djl"), "0.35.0");
    assertThat(run(djl), equalTo("kit.sh: " + djl + " is DJL 0.35.0, this project runs DJL 0.36.0: check out tag "
        + "v0.36.0"));
  }
}
