package io.fullspectrum.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * DJL's PyTorch {@code GradientCollector} is one per JVM (a static "collecting" flag), so two threads that take
 * gradients at once (two mask generators in one Flink TaskManager) would fail with "already collecting". Every
 * gradient computation of ours runs under this one lock; forward-only work (scoring, evaluation) does not.
 */
public final class GradientLock {
  private static final ReentrantLock LOCK = new ReentrantLock(true);

  private GradientLock() {}

  /**
   * Zeroes the gradients of one block's parameters. DJL's {@code GradientCollector.zeroGradients()} walks every
   * array of every manager in the JVM, so it races with other threads closing their models ("Native resource has
   * been released already"); this touches only our own parameters.
   */
  public static void zeroGradients(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      if (array.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) array);
      }
    }
  }

  /** Runs {@code work} while holding the JVM-wide gradient lock. */
  public static <T> T run(Callable<T> work) {
    LOCK.lock();
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      LOCK.unlock();
    }
  }
}
