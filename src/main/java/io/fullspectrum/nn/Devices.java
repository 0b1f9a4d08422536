package io.fullspectrum.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code device} setting: {@code cpu}, or {@code gpu} (the first GPU PyTorch sees, which is the one Flink or
 * Kubernetes assigned when each TaskManager gets one). Asking for a GPU where there is none (CPU natives, no CUDA
 * device) runs on the CPU and warns once per JVM, so a preset works on any machine.
 */
public final class Devices {
  private static final Logger LOG = LoggerFactory.getLogger(Devices.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private Devices() {}

  /** @throws IllegalArgumentException for a name other than cpu and gpu */
  public static void check(String name) {
    if (!name.equals("cpu") && !name.equals("gpu")) {
      throw new IllegalArgumentException("device=" + name + " is not one of cpu, gpu");
    }
  }

  public static Device named(String name) {
    check(name);
    if (name.equals("cpu")) {
      return Device.cpu();
    }
    Engine engine = Engine.getEngine("PyTorch");
    if (engine.getGpuCount() > 0) {
      return Device.gpu();
    }
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("device=gpu, but PyTorch {} sees no GPU here (no CUDA device, or a build without -Pgpu): training runs on "
          + "the CPU.", engine.getVersion());
    }
    return Device.cpu();
  }
}
