package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One GPU per worker: workers spread over the GPUs seen, never all on GPU 0. */
class GpuAssignmentTest {
  private static List<Integer> gpus(int workers, int gpus) {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      out.add(GpuAssignment.gpuFor(w, gpus));
    }
    return out;
  }

  @Test
  void workersTakeTheGpusInTurn() {
    assertThat(gpus(6, 2), contains(0, 1, 0, 1, 0, 1));
    assertThat(gpus(7, 3), contains(0, 1, 2, 0, 1, 2, 0));
  }

  @Test
  void withOneGpuEveryWorkerTakesIt() {
    assertThat(gpus(4, 1), contains(0, 0, 0, 0));
  }

  @Test
  void workersSetUpAtOnceOnManyThreadsGetDistinctNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> taken = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        taken.add(pool.submit(GpuAssignment::nextWorker));
      }
      Set<Integer> distinct = new HashSet<>();
      for (Future<Integer> f : taken) {
        distinct.add(f.get());
      }
      assertThat(distinct.size(), equalTo(64));
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void eightWorkersOnFourGpusPutTwoOnEach() {
    int[] load = new int[4];
    for (int w = 0; w < 8; w++) {
      load[GpuAssignment.gpuFor(w, 4)]++;
    }
    assertThat(load, equalTo(new int[] {2, 2, 2, 2}));
  }

  @Test
  void noGpuOrANegativeWorkerIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> GpuAssignment.gpuFor(0, 0));
    assertThrows(IllegalArgumentException.class, () -> GpuAssignment.gpuFor(-1, 2));
  }
}
