package io.fullspectrum.nn;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Run in a child JVM by NativeMemoryTest: inside {@link NativeMemory#fromHeap}, writes a freshly allocated buffer,
 * frees it, allocates and writes one of the same size again, and prints the minor page faults of the second write
 * and the buffer's pages: a heap that kept the freed memory faults on almost none of them. With a second argument
 * {@code held}, a buffer of the same size is written first and held throughout, so that (above 32 MiB) the freed one
 * fills a thread arena's second heap by itself, which glibc unmaps once it is empty unless the top pad forbids it.
 */
public final class HeapReuseProbe {
  private HeapReuseProbe() {}

  public static void main(String[] args) throws IOException {
    long size = Long.parseLong(args[0]);
    boolean held = args.length > 1 && args[1].equals("held");
    NativeMemory.pinMmapThreshold();
    long[] faults = new long[1];
    NativeMemory.fromHeap(
        () -> {
          long kept = held ? written(size) : 0;
          Native.free(written(size));
          long before = minorFaults();
          long second = written(size);
          faults[0] = minorFaults() - before;
          Native.free(second);
          if (held) {
            Native.free(kept);
          }
          return null;
        });
    System.out.println("faults " + faults[0] + " pages " + size / 4096);
  }

  private static long written(long size) {
    long address = Native.malloc(size);
    new Pointer(address).setMemory(0, size, (byte) 1);
    return address;
  }

  private static long minorFaults() {
    try {
      String stat = Files.readString(Paths.get("/proc/self/stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
