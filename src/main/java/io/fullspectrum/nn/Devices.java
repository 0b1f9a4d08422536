package io.fullspectrum.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code device} setting: {@code cpu}, or {@code gpu} (worker {@code w} of a JVM takes GPU {@code w} modulo the
 * GPUs PyTorch sees, {@link GpuAssignment}; with one GPU a TaskManager, the one Flink or Kubernetes assigned),
 * optionally {@code gpu+cudnn-benchmark}: cuDNN times its
 * convolution algorithms on the first batches and keeps the fastest ({@code torch.backends.cudnn.benchmark}; H100,
 * ResNet-18 at batch 128: 88-92 steps/s without, 96-106 with; H200: no gain, bench/results/gpu-h200.txt). Asking
 * for a GPU where there is none (CPU natives, no CUDA device) runs on the CPU and warns once per JVM, so a preset
 * works on any machine. DJL exposes no autocast, so mixed precision is not offered.
 */
public final class Devices {
  private static final Logger LOG = LoggerFactory.getLogger(Devices.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private Devices() {}

  private static final String BENCHMARK = "+cudnn-benchmark";

  /** @throws IllegalArgumentException for a setting other than cpu, gpu and gpu+cudnn-benchmark */
  public static void check(String name) {
    if (!name.equals("cpu") && !name.equals("gpu") && !name.equals("gpu" + BENCHMARK)) {
      throw new IllegalArgumentException("device=" + name + " is not one of cpu, gpu, gpu" + BENCHMARK);
    }
  }

  /** The device {@code name} says, GPU 0 where it says a GPU (a single worker's). */
  public static Device named(String name) {
    return named(name, 0);
  }

  /**
   * The device {@code name} says for worker {@code worker} of this JVM ({@link GpuAssignment}): on a GPU, its own.
   * Asking for a GPU also puts cuBLAS's repeating workspace in the environment ({@link GpuDeterminism}), before any
   * cuBLAS handle exists, so that GPU draws made later in the process can repeat.
   */
  public static Device named(String name, int worker) {
    check(name);
    if (name.equals("cpu")) {
      return Device.cpu();
    }
    GpuDeterminism.prepareCublas();
    Engine engine = Engine.getEngine("PyTorch");
    if (engine.getGpuCount() > 0) {
      // Process-wide in PyTorch; every stage of a run asks with the same setting. Once GPU draws made the process
      // deterministic, autotuning stays off (it would pick among deterministic algorithms alone anyway).
      ai.djl.pytorch.jni.JniUtils.setBenchmarkCuDNN(name.endsWith(BENCHMARK) && !GpuDeterminism.enabled());
      return Device.gpu(GpuAssignment.gpuFor(worker, engine.getGpuCount()));
    }
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("device=gpu, but PyTorch {} sees no GPU here (no CUDA device, or a build without -Pgpu): training runs on "
          + "the CPU.", engine.getVersion());
    }
    return Device.cpu();
  }

  /**
   * The device of worker {@code worker}'s mask draws: as {@link #named}, and on a GPU with the whole process switched
   * to repeating kernels ({@link GpuDeterminism#enable}), since a draw must be the same mask when drawn again.
   */
  public static Device forDraws(String name, int worker) {
    Device device = named(name, worker);
    if (device.isGpu() && !GpuDeterminism.enabled()) {
      GpuDeterminism.enable(); // process-wide and for good: once, not at every draw
    }
    return device;
  }
}
