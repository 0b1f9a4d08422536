package io.fullspectrum.nn;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which GPU a worker uses: worker {@code w} of a JVM takes GPU {@code w mod gpus}, so that the slots of a Flink
 * TaskManager with several GPUs, or the threads of the direct runner on a machine with several, spread over them
 * instead of all taking GPU 0. A worker is a stage's DoFn instance: each takes the next number of its JVM when set up.
 */
public final class GpuAssignment {
  private static final AtomicInteger WORKERS = new AtomicInteger();

  private GpuAssignment() {}

  /** The next worker number of this JVM (0, 1, 2, ...). */
  public static int nextWorker() {
    return WORKERS.getAndUpdate(w -> w == Integer.MAX_VALUE ? 0 : w + 1);
  }

  /**
   * The GPU of worker {@code worker} among {@code gpus}.
   *
   * @throws IllegalArgumentException for a negative worker or no GPU
   */
  public static int gpuFor(int worker, int gpus) {
    if (worker < 0) {
      throw new IllegalArgumentException("worker " + worker + " is negative");
    }
    if (gpus < 1) {
      throw new IllegalArgumentException(gpus + " GPUs: a GPU worker needs one");
    }
    return worker % gpus;
  }
}
