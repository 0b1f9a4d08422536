package io.fullspectrum.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;

/**
 * Gradients taken on this thread alone: PyTorch's grad mode is per thread, and each thread works on its own model,
 * so several threads (the slots of one Flink TaskManager) can draw SNIP or GraSP masks and fine-tune at the same
 * time, as many as {@link GradientSlots} allows. Replaces DJL's {@code GradientCollector}, which allows one per JVM
 * (a static "collecting" flag): with it, no two gradient computations of a JVM could ever overlap.
 */
public final class ThreadGradients implements AutoCloseable {
  private final boolean previous;

  /** Turns gradient recording on for this thread until {@link #close()}. */
  public ThreadGradients() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** Back-propagates a scalar into the {@code .grad} of every leaf it depends on (accumulating, as PyTorch does). */
  public void backward(NDArray target) {
    try (NDArray ones = target.onesLike()) {
      JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
    }
  }

  /** Restores this thread's grad mode as it was. */
  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }

  /**
   * Zeroes the gradients of one block's parameters. DJL's {@code GradientCollector.zeroGradients()} walks every
   * array of every manager in the JVM, so it races with other threads closing their models ("Native resource has
   * been released already"); this touches only the block's own parameters.
   */
  public static void zeroGradients(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      if (array.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) array);
      }
    }
  }
}
