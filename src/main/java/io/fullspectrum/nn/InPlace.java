package io.fullspectrum.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Writes values into an array's own memory. DJL's {@code NDArray.set(float[])} instead re-points the tensor at new
 * storage ({@code Tensor.set_}), which silently cuts a parameter loose from the flat tensor it is a view of
 * (nn.train's {@code FlatParameters}): a restored checkpoint would then not be trained.
 */
public final class InPlace {
  private static final NDIndex ALL = new NDIndex("...");

  private InPlace() {}

  /** Copies {@code values} (as many as the array holds) into {@code target}. */
  public static void copy(NDArray target, float[] values) {
    if (values.length != target.size()) {
      throw new IllegalArgumentException(values.length + " values for an array of shape " + target.getShape());
    }
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDArray source = target.getManager().create(values, target.getShape())) {
      target.set(ALL, source);
    } finally {
      JniUtils.setGradMode(grad);
    }
  }
}
