package io.fullspectrum.nn.train;

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
