package io.fullspectrum.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code device} setting: {@code cpu}, or {@code gpu} (the first GPU PyTorch sees, which is the one Flink or
 * Kubernetes assigned when each TaskManager gets one), optionally {@code gpu+cudnn-benchmark}: cuDNN times its
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

  public static Device named(String name) {
    check(name);
    if (name.equals("cpu")) {
      return Device.cpu();
    }
    Engine engine = Engine.getEngine("PyTorch");
    if (engine.getGpuCount() > 0) {
      // Process-wide in PyTorch; every stage of a run asks with the same setting.
      ai.djl.pytorch.jni.JniUtils.setBenchmarkCuDNN(name.endsWith(BENCHMARK));
      return Device.gpu();
    }
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("device=gpu, but PyTorch {} sees no GPU here (no CUDA device, or a build without -Pgpu): training runs on "
          + "the CPU.", engine.getVersion());
    }
    return Device.cpu();
  }
}
