package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A draw's freed buffers stay in the heap for the next one (no fresh pages to fault in), and a trim threshold the user
 * set wins. Each case runs {@link HeapReuseProbe} in a child JVM: the thresholds are per process, and a GraSP draw
 * earlier in this JVM maps large buffers for good.
 */
@EnabledOnOs(OS.LINUX)
class NativeMemoryTest {
  private static final long BUFFER = 32L << 20;
  private static final long PAGES = BUFFER / 4096;
  /** Two of these do not fit one 64 MiB thread-arena heap: the second takes a heap of its own. */
  private static final long LARGE = 40L << 20;

  @Test
  void aBufferFreedDuringADrawIsReusedWithoutFaultingItsPagesAgain() throws Exception {
    assertThat(secondWriteFaults(Map.of()), lessThan(PAGES / 10));
  }

  @Test
  void aTrimThresholdTheUserSetWinsAndTheSameBufferFaultsAgain() throws Exception {
    assertThat(secondWriteFaults(Map.of("MALLOC_TRIM_THRESHOLD_", "131072")), greaterThan(PAGES / 2));
  }

  @Test
  void aBufferThatEmptiedAThreadArenasSecondHeapIsReusedWithoutFaultingItsPagesAgain() throws Exception {
    assertThat(secondWriteFaults(Map.of(), LARGE, "held"), lessThan(LARGE / 4096 / 10));
  }

  @Test
  void aTopPadTheUserSetWinsAndTheEmptiedHeapIsUnmappedAndFaultsAgain() throws Exception {
    assertThat(secondWriteFaults(Map.of("MALLOC_TOP_PAD_", "131072"), LARGE, "held"), greaterThan(LARGE / 4096 / 2));
  }

  private static long secondWriteFaults(Map<String, String> environment) throws IOException, InterruptedException {
    return secondWriteFaults(environment, BUFFER);
  }

  private static long secondWriteFaults(Map<String, String> environment, long size, String... mode)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HeapReuseProbe.class.getName(), Long.toString(size)));
    command.addAll(List.of(mode));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("MALLOC_TRIM_THRESHOLD_");
    builder.environment().remove("MALLOC_MMAP_THRESHOLD_");
    builder.environment().remove("MALLOC_TOP_PAD_");
    builder.environment().putAll(environment);
    Process probe = builder.start();
    String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (probe.waitFor() != 0 || !out.startsWith("faults ")) {
      throw new AssertionError("HeapReuseProbe failed: " + out);
    }
    return Long.parseLong(out.split(" ")[1]);
  }
}
