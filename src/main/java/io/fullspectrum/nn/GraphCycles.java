package io.fullspectrum.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees the memory PyTorch's {@code backward(create_graph=True)} would keep for ever. That call stores in each leaf's
 * {@code .grad} a tensor whose graph refers back to the leaf, a reference cycle PyTorch never collects (Python code
 * avoids it with {@code torch.autograd.grad} or by resetting {@code .grad}; DJL exposes neither).
 *
 * <p>{@link #detach} cuts the cycle at its root: it calls {@code at::_ops::detach_::call} (what {@code
 * Tensor.detach_()} calls) in the libtorch DJL loaded, through JNA, on the leaf's gradient once it is read, and PyTorch
 * frees the whole graph. GraSP draws of the Fashion-MNIST CNN from the heap (DrawMemoryBench fmnist-cnn grasp 40):
 * 1032 MB at draw 5 and 4354 MB at draw 40 without it, 567 and 807 MB with it (levelling off). Where {@link #cut}
 * does not detach ({@link #cutsWhole}: the symbol missing), {@link #release} re-points the cycle's CPU
 * tensors, once read, at one shared buffer PyTorch does not own, so that their own storage is freed (the CNN grew 18 MB
 * a draw without it, about 5 MB with it, with a 1 MiB mmap threshold); what stays then is the graph's nodes and some of
 * its saved tensors, which Java cannot reach, and {@link NativeMemory#mapLargeBuffersFromNowOn} keeps them from
 * fragmenting the heap.
 */
public final class GraphCycles {
  /** Every sink ever handed out stays reachable: released tensors still point into the older ones. */
  private static final List<ByteBuffer> SINKS = new ArrayList<>();
  private static ByteBuffer sink = ByteBuffer.allocateDirect(0);

  /** {@code at::_ops::detach_::call(at::Tensor&)}, what {@code Tensor.detach_()} calls; null where not found. */
  private static final Function DETACH_IN_PLACE = detachInPlace();

  private GraphCycles() {}

  private static Function detachInPlace() {
    try {
      LibUtils.loadLibrary();
      String lib = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu")).toString();
      return NativeLibrary.getInstance(lib).getFunction("_ZN2at4_ops7detach_4callERNS_6TensorE");
    } catch (LinkageError | RuntimeException e) {
      // No JNA here, or a libtorch without the symbol (another version, another build): the release fallback.
      return null;
    }
  }

  /** Whether {@link #detach} can cut the cycle at its root here. */
  public static boolean canDetach() {
    return DETACH_IN_PLACE != null;
  }

  /**
   * Whether {@link #cut} detaches on {@code device}, freeing the whole cycle: wherever the symbol is found, on the CPU
   * and on a GPU alike ({@code detach_} changes autograd's bookkeeping, not the tensor's memory; without it a GPU's
   * GraSP draws would keep each draw's graph in device memory). Elsewhere it releases, and the cycle's nodes stay.
   */
  public static boolean cutsWhole(Device device) {
    return canDetach();
  }

  /**
   * Cuts the cycle of a leaf and its create_graph gradient once the gradient is read: {@link #detach} where
   * {@link #cutsWhole}, else {@link #release}.
   */
  public static void cut(NDArray gradient, NDArray leaf) {
    if (cutsWhole(gradient.getDevice())) {
      detach(gradient);
    } else {
      release(gradient, leaf);
    }
  }

  /**
   * Detaches a leaf's create_graph gradient from its graph, in place ({@code w.grad.detach_()}): the cycle is cut and
   * PyTorch frees the whole graph. Only for a gradient that is not a view (a leaf's accumulated {@code .grad}).
   */
  public static void detach(NDArray gradient) {
    DETACH_IN_PLACE.invokePointer(new Object[] {new Pointer(((PtNDArray) gradient).getHandle())});
  }

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
