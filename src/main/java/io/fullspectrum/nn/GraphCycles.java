package io.fullspectrum.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees part of the memory PyTorch's {@code backward(create_graph=True)} would keep for ever. That call stores in
 * each leaf's {@code .grad} a tensor whose graph refers back to the leaf, a reference cycle PyTorch never collects
 * (Python code avoids it with {@code torch.autograd.grad}; DJL exposes neither that nor a way to reset
 * {@code .grad}). {@link #release} re-points such tensors, once read, at one shared buffer PyTorch does not own, so
 * their own storage is freed. Measured on GraSP draws of the Fashion-MNIST CNN (process RSS, 1 MiB mmap threshold):
 * the process grew 18 MB a draw without it and about 5 MB a draw, levelling off, with it; what stays is the graph's
 * node objects and some of its saved tensors, which Java cannot reach ({@link NativeMemory} keeps them from
 * fragmenting the heap).
 */
public final class GraphCycles {
  /** Every sink ever handed out stays reachable: released tensors still point into the older ones. */
  private static final List<ByteBuffer> SINKS = new ArrayList<>();
  private static ByteBuffer sink = ByteBuffer.allocateDirect(0);

  private GraphCycles() {}

  /**
   * Frees the storage of tensors caught in a create_graph cycle. After this call their values are meaningless:
   * call it only when nothing reads them any more. On a GPU, PyTorch would copy the buffer to new device memory,
   * so there the tensors are left as they are.
   */
  public static void release(NDArray... arrays) {
    for (NDArray a : arrays) {
      if (a == null || a.getDevice().isGpu()) {
        continue;
      }
      long bytes = a.size() * a.getDataType().getNumOfBytes();
      JniUtils.set((PtNDArray) a, sink(bytes));
    }
  }

  /** A view of {@code bytes} bytes of the sink, which only grows and is never freed (PyTorch may point into it). */
  private static synchronized ByteBuffer sink(long bytes) {
    if (sink.capacity() < bytes) {
      // Doubling: all sinks together stay under twice the largest tensor released (19 MB for ResNet-18).
      long grown = Math.min(Integer.MAX_VALUE, Math.max(bytes, 2L * sink.capacity()));
      sink = ByteBuffer.allocateDirect(Math.toIntExact(grown)).order(ByteOrder.nativeOrder());
      SINKS.add(sink);
    }
    return sink.duplicate().order(ByteOrder.nativeOrder());
  }
}
