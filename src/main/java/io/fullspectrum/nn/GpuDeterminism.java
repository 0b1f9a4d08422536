package io.fullspectrum.nn;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes PyTorch's GPU kernels repeat bit for bit, so that a mask drawn on a GPU is the same mask when drawn again (a
 * selection's sources are drawn again, and a resumed or restarted run draws what it lost). DJL has no switch for it;
 * libtorch does, in its process-wide {@code at::Context}, which this class reaches through JNA as
 * {@link GraphCycles} reaches {@code detach_}: deterministic algorithms ({@code torch.use_deterministic_algorithms}:
 * an op with no deterministic GPU kernel then fails instead of varying), deterministic cuDNN and no cuDNN autotuning
 * ({@code torch.backends.cudnn.deterministic / benchmark}); and cuBLAS's fixed workspace
 * ({@code CUBLAS_WORKSPACE_CONFIG=:4096:8}), which must be in the environment before PyTorch makes its first cuBLAS
 * handle, so {@link Devices} sets it whenever a GPU is asked for.
 */
public final class GpuDeterminism {
  /** The environment variable cuBLAS reads for its workspace, and the values with which it repeats. */
  static final String CUBLAS_WORKSPACE = "CUBLAS_WORKSPACE_CONFIG";
  static final List<String> REPEATING_WORKSPACES = List.of(":4096:8", ":16:8");

  private static Context context;
  private static boolean enabled;

  private GpuDeterminism() {}

  /** What libtorch's context and the environment say now. */
  public record State(boolean algorithms, boolean cudnn, boolean benchmark, String cublasWorkspace) {
    /** Whether GPU kernels repeat: deterministic algorithms and cuDNN, no autotuning, a repeating workspace. */
    public boolean repeats() {
      return algorithms && cudnn && !benchmark && cublasWorkspace != null
          && REPEATING_WORKSPACES.contains(cublasWorkspace);
    }
  }

  /**
   * Puts cuBLAS's repeating workspace in the environment unless the user set one (cuBLAS reads it when PyTorch makes
   * a handle: call before the first matrix product on a GPU).
   */
  public static synchronized void prepareCublas() {
    String now = Libc.getenv(CUBLAS_WORKSPACE);
    if (now == null || now.isEmpty()) {
      Libc.setenv(CUBLAS_WORKSPACE, REPEATING_WORKSPACES.get(0));
    }
  }

  /**
   * Switches the whole process to repeating GPU kernels, for good: the cuBLAS workspace, deterministic algorithms,
   * deterministic cuDNN without autotuning. Fine-tuning in the same process repeats too (and may run slower).
   *
   * @throws IllegalStateException naming the symbol when this libtorch lacks one of the context's switches
   * @throws IllegalArgumentException when the environment holds a cuBLAS workspace that does not repeat
   */
  public static synchronized State enable() {
    prepareCublas();
    String workspace = Libc.getenv(CUBLAS_WORKSPACE);
    if (!REPEATING_WORKSPACES.contains(workspace)) {
      throw new IllegalArgumentException(CUBLAS_WORKSPACE + "=" + workspace + " in the environment: GPU draws repeat "
          + "only with " + String.join(" or ", REPEATING_WORKSPACES) + " (unset it, or draw.device=cpu)");
    }
    Context c = context();
    c.setAlgorithms.invokeVoid(new Object[] {c.self, true, false});
    c.setCudnn.invokeVoid(new Object[] {c.self, true});
    c.setBenchmark.invokeVoid(new Object[] {c.self, false});
    enabled = true;
    return state();
  }

  /** Whether {@link #enable} was called in this process. */
  public static synchronized boolean enabled() {
    return enabled;
  }

  /** Reads the switches back from libtorch's context, and the workspace from the environment. */
  public static synchronized State state() {
    Context c = context();
    return new State(flag(c.algorithms, c.self), flag(c.cudnn, c.self), flag(c.benchmark, c.self),
        Libc.getenv(CUBLAS_WORKSPACE));
  }

  /** A C++ {@code bool} comes back in the low byte of the return register; the rest may be anything. */
  private static boolean flag(Function getter, Pointer self) {
    return (getter.invokeInt(new Object[] {self}) & 0xFF) != 0;
  }

  private static Context context() {
    if (context == null) {
      context = new Context();
    }
    return context;
  }

  /** libtorch's {@code at::globalContext()} and the member functions called on it (Itanium C++ ABI names). */
  private static final class Context {
    final Pointer self;
    final Function setAlgorithms = symbol("_ZN2at7Context26setDeterministicAlgorithmsEbb");
    final Function algorithms = symbol("_ZNK2at7Context23deterministicAlgorithmsEv");
    final Function setCudnn = symbol("_ZN2at7Context21setDeterministicCuDNNEb");
    final Function cudnn = symbol("_ZNK2at7Context18deterministicCuDNNEv");
    final Function setBenchmark = symbol("_ZN2at7Context17setBenchmarkCuDNNEb");
    final Function benchmark = symbol("_ZNK2at7Context14benchmarkCuDNNEv");

    Context() {
      self = symbol("_ZN2at13globalContextEv").invokePointer(new Object[0]);
    }

    private static Function symbol(String name) {
      LibUtils.loadLibrary();
      String lib = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu")).toString();
      try {
        return NativeLibrary.getInstance(lib).getFunction(name);
      } catch (UnsatisfiedLinkError e) {
        throw new IllegalStateException(lib + " has no " + name + ": this libtorch cannot be made to repeat its GPU "
            + "kernels (draw.device=cpu draws on the CPU)", e);
      }
    }
  }

  /** The C library's environment, which native code (cuBLAS, PyTorch) reads; Java's own copy is not it. */
  private static final class Libc {
    private static final NativeLibrary C = NativeLibrary.getInstance("c");

    static String getenv(String name) {
      return C.getFunction("getenv").invokeString(new Object[] {name}, false);
    }

    static void setenv(String name, String value) {
      if (C.getFunction("setenv").invokeInt(new Object[] {name, value, 1}) != 0) {
        throw new IllegalStateException("setenv " + name + " failed");
      }
    }
  }
}
