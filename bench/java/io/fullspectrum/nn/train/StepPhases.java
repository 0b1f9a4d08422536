package io.fullspectrum.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.dataset.Batch;
import io.fullspectrum.nn.GradientSlots;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.PrefetchedBatches;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a training step's time goes (bench/gpu.sh, issue 16): the same parts bench/gpu/torch_ref.py times in plain
 * PyTorch, on our {@link MaskedTrainer}'s own code: a whole step on a batch already on the device, forward + loss +
 * backward, and forward + loss alone. Each phase ends by reading a loss, which waits for the device.
 */
public final class StepPhases {
  private StepPhases() {}

  /** Steps per second of each phase, {@code steps} timed after {@code warmup}, on the first batch of {@code data}. */
  public static Map<String, Double> measure(MaskedTrainer trainer, ImageBatches data, int warmup, int steps) {
    Map<String, Double> out = new LinkedHashMap<>();
    try (PrefetchedBatches batches = data.epoch(0).batches(trainer.model().getNDManager());
        Batch resident = batches.next()) {
      out.put("resident-step", time(warmup, steps, last -> {
        NDArray l = trainer.step(resident);
        last.accept(l);
      }));
      out.put("forward+backward", time(warmup, steps, last -> inSlot(() -> trainer.loss(resident, true), last)));
      out.put("forward", time(warmup, steps, last -> inSlot(() -> trainer.loss(resident, false), last)));
    }
    return out;
  }

  private interface Phase {
    void run(Consumer<NDArray> last);
  }

  private static void inSlot(java.util.function.Supplier<NDArray> work, Consumer<NDArray> last) {
    GradientSlots.run(() -> {
      try (NDScope scope = new NDScope()) {
        NDArray l = work.get();
        NDScope.unregister(l);
        last.accept(l);
      }
      return null;
    });
  }

  private static double time(int warmup, int steps, Phase phase) {
    NDArray[] last = new NDArray[1];
    Consumer<NDArray> keep = l -> {
      if (last[0] != null) {
        last[0].close();
      }
      last[0] = l;
    };
    for (int i = 0; i < warmup; i++) {
      phase.run(keep);
    }
    last[0].getFloat();
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      phase.run(keep);
    }
    last[0].getFloat(); // waits for the device
    double seconds = (System.nanoTime() - t0) / 1e9;
    last[0].close();
    return steps / seconds;
  }
}
