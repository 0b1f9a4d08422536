package io.fullspectrum.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins glibc's mmap threshold at 1 MiB for this process. glibc raises the threshold to the size of each large
 * buffer freed (up to 32 MiB), after which PyTorch's activation buffers come from heap arenas that fragment and
 * are never given back: a GraSP draw on the Fashion-MNIST CNN then grows the process by about 110 MB, so a long
 * PAGS run or a table of runs ends killed for memory. With the threshold fixed, buffers of 1 MiB and more are
 * mapped and unmapped, and the process stays flat. A MALLOC_MMAP_THRESHOLD_ set by the user wins.
 */
public final class NativeMemory {
  private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
  /** glibc's {@code M_MMAP_THRESHOLD} parameter of {@code mallopt}. */
  private static final int M_MMAP_THRESHOLD = -3;
  /** Buffers of this size and more are mapped directly. */
  public static final int MMAP_THRESHOLD = 1 << 20;
  private static Boolean pinned;

  private NativeMemory() {}

  /** The libc functions used. */
  interface LibC extends Library {
    int mallopt(int param, int value);
  }

  /** Pins the threshold once per JVM; returns whether this process runs with it pinned (by us or the user). */
  public static synchronized boolean pinMmapThreshold() {
    if (pinned == null) {
      pinned = pin();
    }
    return pinned;
  }

  private static boolean pin() {
    if (System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
      return true;
    }
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      LibC libc = Native.load("c", LibC.class);
      if (libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1) {
        return true;
      }
      LOG.warn("mallopt(M_MMAP_THRESHOLD) refused by this libc: native memory may grow over long runs");
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.warn("cannot pin glibc's mmap threshold ({}): native memory may grow over long runs", e.getMessage());
    }
    return false;
  }
}
