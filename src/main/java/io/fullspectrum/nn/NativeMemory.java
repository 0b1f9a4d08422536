package io.fullspectrum.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where PyTorch's large CPU buffers come from: glibc's mmap and trim thresholds, set per phase of a run.
 *
 * <ul>
 *   <li>Mapped by default ({@link #MAPPED_THRESHOLD}): buffers of 1 MiB and more are mapped and unmapped, so memory
 *       goes back to the kernel as soon as it is freed. Training keeps this: two ResNet-18 fine-tunes on two
 *       threads each kept their own heap arena of freed activations, and the paper-scale run's peak went from 3.50
 *       to 4.28 GiB (bench/scale.sh, n=100) with heap buffers.
 *   <li>From the heap while masks are drawn ({@link #fromHeap}, threshold {@link #HEAP_THRESHOLD}): mapped
 *       buffers are fresh memory the kernel zeroes on first touch, and a ResNet-18 SNIP draw spent 40% of its time
 *       there (forward 3.05 s and backward 6.0 s for 4 x 128 images, against about 1.9 s and 4.2 s from the heap).
 *       The trim threshold is raised with it ({@link #DRAW_TRIM_THRESHOLD}): the JNI calls run on Java threads,
 *       whose glibc arenas give freed memory back to the kernel (madvise) above 128 KiB at a heap's top, and the
 *       next buffer there is fresh memory again (a ResNet-18 SNIP draw spent 16% of its time in the kernel at
 *       128 KiB, 3% raised). The top pad is raised too ({@link #DRAW_TOP_PAD}): a thread's arena grows in heaps
 *       of 64 MiB, a 33.5 MB activation fills one by itself, and glibc unmaps a heap (not its arena's first) as
 *       soon as it is empty, whatever the trim threshold, unless the top pad is larger than what unmapping would
 *       give back: 9.5% of a ResNet-18 SNIP draw went to zeroing such fresh pages (perf, clear_page_erms), and the
 *       draw took 4.9 s instead of 5.6 with the pad (bench/results/draw.txt). The heap keeps what the draws freed
 *       for the next draw; {@link #releaseFreeMemory} (at the start of training) gives it back.
 *   <li>Mapped for good once a Hessian-vector product (GraSP) has run ({@link #mapLargeBuffersFromNowOn}), only
 *       where its double backward's reference cycle cannot be cut ({@link GraphCycles#cutsWhole}): the graph nodes
 *       it leaves between heap buffers fragment the heap (the process grew by 55-95 MB a Fashion-MNIST CNN GraSP
 *       draw from the heap), and mapped it stays flat, at the price of fresh pages for every buffer (35% of a
 *       ResNet-18 GraSP draw in the kernel: 40.6 s a draw mapped, 22.0 s from the heap with the cycle cut).
 * </ul>
 * A MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or MALLOC_TOP_PAD_ set by the user wins over ours.
 */
public final class NativeMemory {
  private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
  /** glibc's {@code M_MMAP_THRESHOLD} parameter of {@code mallopt}. */
  private static final int M_MMAP_THRESHOLD = -3;
  /** glibc's {@code M_TRIM_THRESHOLD} parameter of {@code mallopt}. */
  private static final int M_TRIM_THRESHOLD = -1;
  /** glibc's {@code M_TOP_PAD} parameter of {@code mallopt}. */
  private static final int M_TOP_PAD = -2;
  /** glibc's default top pad: what a heap keeps beyond its need when it grows or is trimmed. */
  static final int DEFAULT_TOP_PAD = 128 << 10;
  /**
   * The top pad while masks are drawn: twice a thread arena's largest heap (64 MiB), so that glibc never finds it
   * worth unmapping an emptied heap (the pad is address space until it is written: it costs no resident memory).
   */
  static final int DRAW_TOP_PAD = 128 << 20;
  /** glibc's default trim threshold: free memory above this at a heap's top goes back to the kernel. */
  static final int DEFAULT_TRIM_THRESHOLD = 128 << 10;
  /** The trim threshold while masks are drawn: freed buffers stay in the heap for the next forward or backward. */
  static final int DRAW_TRIM_THRESHOLD = 1 << 30;
  /** Buffers of this size and more are mapped directly, outside draws. */
  public static final int MAPPED_THRESHOLD = 1 << 20;
  /** Buffers below this come from the heap during draws (ResNet-18's largest activation is 33.5 MB). */
  public static final int HEAP_THRESHOLD = 64 << 20;
  private static Boolean pinned;
  private static LibC libc;
  private static int drawing;
  private static boolean mappedForGood;
  /** Whether the trim threshold is ours to set (no MALLOC_TRIM_THRESHOLD_ from the user). */
  private static boolean trimmedByUs;
  /** Whether the top pad is ours to set (neither MALLOC_TOP_PAD_ nor MALLOC_TRIM_THRESHOLD_ from the user). */
  private static boolean paddedByUs;

  private NativeMemory() {}

  /** The libc functions used. */
  interface LibC extends Library {
    int mallopt(int param, int value);

    int malloc_trim(long pad);
  }

  /** Sets the threshold once per JVM; returns whether this process runs with a fixed threshold (ours or the user's). */
  public static synchronized boolean pinMmapThreshold() {
    if (pinned == null) {
      pinned = pin();
    }
    return pinned;
  }

  /** Runs a draw with large buffers from the heap (see the class comment); nested and concurrent calls share it. */
  public static <T> T fromHeap(Supplier<T> draw) {
    enterDraw();
    try {
      return draw.get();
    } finally {
      exitDraw();
    }
  }

  private static synchronized void enterDraw() {
    if (pinMmapThreshold() && libc != null && drawing++ == 0 && !mappedForGood) {
      libc.mallopt(M_MMAP_THRESHOLD, HEAP_THRESHOLD);
      if (trimmedByUs) {
        libc.mallopt(M_TRIM_THRESHOLD, DRAW_TRIM_THRESHOLD);
      }
      if (paddedByUs) {
        libc.mallopt(M_TOP_PAD, DRAW_TOP_PAD);
      }
    }
  }

  private static synchronized void exitDraw() {
    if (libc != null && --drawing == 0 && !mappedForGood) {
      libc.mallopt(M_MMAP_THRESHOLD, MAPPED_THRESHOLD);
      restoreDefaults();
    }
  }

  /** Maps large buffers for the rest of this process: called before work that leaves small allocations for good. */
  public static synchronized void mapLargeBuffersFromNowOn() {
    if (pinMmapThreshold() && libc != null && !mappedForGood) {
      mappedForGood = true;
      libc.mallopt(M_MMAP_THRESHOLD, MAPPED_THRESHOLD);
      restoreDefaults();
    }
  }

  /** Gives the heap memory earlier draws freed back to the kernel (before training, which maps its own). */
  public static synchronized void releaseFreeMemory() {
    if (libc != null && drawing == 0) {
      libc.malloc_trim(0);
    }
  }

  /** The trim threshold and top pad back to glibc's defaults, where they are ours to set. */
  private static void restoreDefaults() {
    if (trimmedByUs) {
      libc.mallopt(M_TRIM_THRESHOLD, DEFAULT_TRIM_THRESHOLD);
    }
    if (paddedByUs) {
      libc.mallopt(M_TOP_PAD, DEFAULT_TOP_PAD);
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
      if (c.mallopt(M_MMAP_THRESHOLD, MAPPED_THRESHOLD) == 1) {
        libc = c;
        trimmedByUs = System.getenv("MALLOC_TRIM_THRESHOLD_") == null;
        // A trim threshold from the user asks for freed memory back: a pad would keep it, so it stays glibc's too.
        paddedByUs = trimmedByUs && System.getenv("MALLOC_TOP_PAD_") == null;
        return true;
      }
      LOG.warn("mallopt(M_MMAP_THRESHOLD) refused by this libc: native memory may grow over long runs");
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.warn("cannot set glibc's mmap threshold ({}): native memory may grow over long runs", e.getMessage());
    }
    return false;
  }
}
