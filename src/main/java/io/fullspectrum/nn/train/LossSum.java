package io.fullspectrum.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A running sum of step losses kept on the training device, in float64, and read only when a progress line or the
 * epoch's mean needs it: reading each step's loss made every GPU step wait for the last one to finish. The sum is
 * the same as adding the float losses in a Java double, in the same order.
 */
final class LossSum implements AutoCloseable {
  private final NDManager manager;
  private final NDArray sum;

  LossSum(NDManager parent) {
    this.manager = parent.newSubManager();
    this.sum = manager.zeros(new Shape(), DataType.FLOAT64);
  }

  /** Adds one step's loss (a scalar on the same device). */
  void add(NDArray loss) {
    try (NDArray wide = loss.toType(DataType.FLOAT64, false)) {
      sum.addi(wide);
    }
  }

  /** The sum so far (waits for the steps added). */
  double get() {
    return sum.getDouble();
  }

  @Override
  public void close() {
    manager.close();
  }
}
