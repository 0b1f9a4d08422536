package io.fullspectrum.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * Re-points a tensor at another's memory while keeping its identity, {@code target.set_(source)} in libtorch (reached
 * through JNA, as {@link GraphCycles} reaches {@code detach_}; DJL's API has no such call). A TorchScript module
 * holds its parameter tensors itself, so making them views of one flat tensor (nn.train's {@code FlatParameters})
 * must change those very tensors, not hand the module new ones.
 */
public final class TensorStorage {
  private static Function setSource;

  private TensorStorage() {}

  /** Makes {@code target} a view of {@code source}'s storage, with its offset, shape and strides; grad mode off. */
  public static void share(NDArray target, NDArray source) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      symbol().invokePointer(new Object[] {new Pointer(((PtNDArray) target).getHandle()),
          new Pointer(((PtNDArray) source).getHandle())});
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  private static synchronized Function symbol() {
    if (setSource == null) {
      LibUtils.loadLibrary();
      String lib = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu")).toString();
      String name = "_ZN2at4_ops18set__source_Tensor4callERNS_6TensorERKS2_";
      try {
        setSource = NativeLibrary.getInstance(lib).getFunction(name);
      } catch (UnsatisfiedLinkError e) {
        throw new IllegalStateException(lib + " has no " + name + " (Tensor.set_): a TorchScript model cannot be "
            + "trained with this libtorch", e);
      }
    }
    return setSource;
  }
}
