package io.fullspectrum.schemas;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** The one Arrow root allocator of this JVM; callers take short-lived children of it and close them. */
final class ArrowAllocators {
  private static final BufferAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

  private ArrowAllocators() {}

  static BufferAllocator child(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  /**
   * A child that may hold at most {@code limit} bytes: reading a file, whose record batches declare their own
   * lengths, a damaged length then fails at once instead of allocating (and zeroing) gigabytes.
   */
  static BufferAllocator child(String name, long limit) {
    return ROOT.newChildAllocator(name, 0, limit);
  }
}
