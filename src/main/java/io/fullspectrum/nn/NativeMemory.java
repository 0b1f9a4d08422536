package io.fullspectrum.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets glibc's mmap threshold for this process: high ({@link #HEAP_THRESHOLD}) until the process first computes a
 * Hessian-vector product (GraSP), low ({@link #MAPPED_THRESHOLD}) from then on ({@link #mapLargeBuffersFromNowOn}).
 *
 * <p>Why high: with buffers of 1 MiB and more mapped and unmapped, every activation buffer is fresh memory the
 * kernel must zero on first touch; a ResNet-18 SNIP draw spent 40% of its time there (forward 3.05 s and backward
 * 6.0 s for 4 x 128 images, against 1.75 s and 3.8 s from the heap). Why low once GraSP has run: its double
 * backward leaves small graph nodes in a reference cycle PyTorch never frees ({@link GraphCycles} frees the large
 * tensors, not the nodes); in the heap, leaked nodes land between large buffers and fragment it, and the process
 * grew by 55-95 MB a Fashion-MNIST CNN draw however short the low window was; mapped, large buffers go back to the
 * kernel and the process stays flat. A MALLOC_MMAP_THRESHOLD_ set by the user wins over both.
 */
public final class NativeMemory {
  private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
  /** glibc's {@code M_MMAP_THRESHOLD} parameter of {@code mallopt}. */
  private static final int M_MMAP_THRESHOLD = -3;
  /** Buffers below this come from the heap until GraSP runs (ResNet-18's largest activation is 33.5 MB). */
  public static final int HEAP_THRESHOLD = 64 << 20;
  /** Buffers of this size and more are mapped directly once GraSP has run. */
  public static final int MAPPED_THRESHOLD = 1 << 20;
  private static Boolean pinned;
  private static LibC libc;
  private static boolean mapped;

  private NativeMemory() {}

  /** The libc functions used. */
  interface LibC extends Library {
    int mallopt(int param, int value);
  }

  /** Sets the threshold once per JVM; returns whether this process runs with a fixed threshold (ours or the user's). */
  public static synchronized boolean pinMmapThreshold() {
    if (pinned == null) {
      pinned = pin();
    }
    return pinned;
  }

  /**
   * Maps buffers of {@link #MAPPED_THRESHOLD} and more for the rest of this process: called before work that leaves
   * small allocations behind for good (GraSP's double backward).
   */
  public static synchronized void mapLargeBuffersFromNowOn() {
    if (pinMmapThreshold() && libc != null && !mapped) {
      mapped = libc.mallopt(M_MMAP_THRESHOLD, MAPPED_THRESHOLD) == 1;
    }
  }

  private static boolean pin() {
    if (System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
      return true;
    }
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      LibC c = Native.load("c", LibC.class);
      if (c.mallopt(M_MMAP_THRESHOLD, HEAP_THRESHOLD) == 1) {
        libc = c;
        return true;
      }
      LOG.warn("mallopt(M_MMAP_THRESHOLD) refused by this libc: GraSP draws may grow the process");
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.warn("cannot set glibc's mmap threshold ({}): GraSP draws may grow the process", e.getMessage());
    }
    return false;
  }
}
