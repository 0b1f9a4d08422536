package io.fullspectrum.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import ai.djl.ndarray.BaseNDManager;
import io.fullspectrum.nn.NativeMemory;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.schemas.NetworkState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A PAGS draw leaves nothing behind on the network it draws from: n=1000 draws must not grow the process. */
class MaskSamplerTest {
  private static final DataSpec DATA = new DataSpec("synthetic", "", 256);

  private static int managedArrays(NetworkSession session) {
    return ((BaseNDManager) session.model().getNDManager()).getManagedArrays().size();
  }

  @ParameterizedTest
  @ValueSource(strings = {"snip", "grasp", "synflow"})
  void drawsLeaveNoArraysOnTheSessionsManager(String generator) {
    NetworkState state = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 3);
    MaskSampler sampler = new MaskSampler(generator, 0.95, 3, DATA, 2, 32);
    try (NetworkSession session = NetworkSession.open(state)) {
      sampler.draw(session, 1);
      int after1 = managedArrays(session);
      for (long i = 2; i <= 4; i++) {
        sampler.draw(session, i);
      }
      assertThat(managedArrays(session), equalTo(after1));
    }
  }

  /** A masks-only draw takes the generator's own route (Random: only the draws that can reach the top-k). */
  @ParameterizedTest
  @ValueSource(strings = {"random", "snip", "erk"})
  void aDrawKeepsTheSameMasksAsTheScoredDrawOfItsIndex(String generator) {
    NetworkState state = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 5);
    MaskSampler sampler = new MaskSampler(generator, 0.98, 5, DATA, 2, 32);
    try (NetworkSession session = NetworkSession.open(state)) {
      assertThat(masks(sampler.draw(session, 4)), equalTo(masks(sampler.drawScored(session, 4).masks())));
    }
  }

  @Test
  void aGraspDrawRepeatedOnTheSameSessionGivesTheSameMask() {
    NetworkState state = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 5);
    MaskSampler sampler = new MaskSampler("grasp", 0.95, 5, DATA, 2, 32);
    try (NetworkSession session = NetworkSession.open(state)) {
      byte[] first = sampler.draw(session, 7).layers().get(0).mask();
      sampler.draw(session, 8);
      assertThat(sampler.draw(session, 7).layers().get(0).mask(), equalTo(first));
    }
  }

  /**
   * Under garbage-collection pressure: GraSP's graph, kept for its second backward pass, read tensors backed by
   * direct buffers whose only Java owners had become unreachable; the collector freed them mid-draw and draws came
   * out different (at parallelism 2 in a real run, a draw with empty conv layers).
   */
  @Test
  void aGraspDrawIsTheSameWhileTheGarbageCollectorRuns() {
    NetworkState state = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 5);
    MaskSampler sampler = new MaskSampler("grasp", 0.98, 5, new DataSpec("synthetic", "", 1024), 4, 64);
    byte[][] alone;
    try (NetworkSession session = NetworkSession.open(state)) {
      alone = masks(sampler.draw(session, 3));
    }
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread collector = new Thread(() -> {
      while (!stop.get()) {
        System.gc();
      }
    });
    collector.start();
    try (NetworkSession session = NetworkSession.open(state)) {
      sampler.draw(session, 0);
      assertThat(masks(sampler.draw(session, 3)), equalTo(alone));
    } finally {
      stop.set(true);
    }
  }

  private static byte[][] masks(io.fullspectrum.schemas.MaskSet set) {
    byte[][] out = new byte[set.layers().size()][];
    for (int l = 0; l < out.length; l++) {
      out[l] = set.layers().get(l).mask();
    }
    return out;
  }

  private static long residentMegabytes() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void theMmapThresholdIsPinnedOnLinux() {
    assertThat(NativeMemory.pinMmapThreshold(), equalTo(true));
  }

  /** GraSP: maps large buffers once its double backward has run; SNIP: draws from the heap, which they reuse. */
  @ParameterizedTest
  @ValueSource(strings = {"grasp", "snip"})
  void drawsDoNotGrowTheProcess(String generator) throws IOException {
    NetworkState state = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 11);
    MaskSampler sampler = new MaskSampler(generator, 0.98, 11, new DataSpec("synthetic", "", 512), 4, 128);
    try (NetworkSession session = NetworkSession.open(state)) {
      for (long i = 0; i < 3; i++) {
        sampler.draw(session, i);
      }
      long before = residentMegabytes();
      for (long i = 3; i < 13; i++) {
        sampler.draw(session, i);
      }
      // Unpinned, glibc kept about 110 MB a draw here (1.1 GB over these ten); pinned, a few MB a draw.
      assertThat(residentMegabytes() - before, lessThan(400L));
    }
  }
}
