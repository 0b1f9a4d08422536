package io.fullspectrum.nn;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many gradient computations (a SNIP or GraSP draw's passes, a training step) run at once in this JVM. PyTorch
 * allows any number ({@link ThreadGradients}), but each holds its own activations until its backward pass is done:
 * two ResNet-18 fine-tunes at batch 128 in one JVM peak about 0.9 GiB above one (bench/results/scale.txt). So the
 * default is 1, and a machine with the memory and cores for more sets {@code -Dfullspectrum.gradient.slots=N} on
 * the JVMs that run the stages (the direct runner's, or each TaskManager's); bench/slots.sh measures the gain.
 */
public final class GradientSlots {
  /** The JVM option that sets the number of slots. */
  public static final String PROPERTY = "fullspectrum.gradient.slots";
  private static final Semaphore SLOTS = new Semaphore(slots(), true);

  private GradientSlots() {}

  private static int slots() {
    String v = System.getProperty(PROPERTY, "1").trim();
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + " is not a whole number of at least 1");
  }

  /** Runs {@code work} in one of the slots, waiting for one to be free. */
  public static <T> T run(Supplier<T> work) {
    SLOTS.acquireUninterruptibly();
    try {
      return work.get();
    } finally {
      SLOTS.release();
    }
  }
}
