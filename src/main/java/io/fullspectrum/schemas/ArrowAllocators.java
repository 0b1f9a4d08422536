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
}
