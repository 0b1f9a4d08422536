package io.fullspectrum.nn.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Scoring minibatches a user gives as arrays (NumPy {@code inputs.npy} shaped {@code (batches, batch, C, H, W)} and
 * {@code labels.npy} shaped {@code (batches, batch)}), used as they are: no shuffling, no augmentation, no
 * normalisation.
 *
 * @param shape {@code (batches, batch, C, H, W)}
 */
public record FixedBatches(int[] shape, float[] inputs, int[] labels) implements Serializable {

  /**
   * @throws IllegalArgumentException naming the array and the shapes when they do not fit together
   */
  public FixedBatches {
    if (shape.length != 5) {
      throw new IllegalArgumentException("batches: shape " + Arrays.toString(shape)
          + " is not (batches, batch, channels, height, width)");
    }
    long n = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("batches: shape " + Arrays.toString(shape) + " has an empty axis");
      }
      n *= d;
    }
    if (n != inputs.length) {
      throw new IllegalArgumentException("batches: " + inputs.length + " values for shape " + Arrays.toString(shape));
    }
    if (labels.length != shape[0] * shape[1]) {
      throw new IllegalArgumentException("labels: " + labels.length + " labels for " + shape[0] + " batches of "
          + shape[1]);
    }
  }

  public int batches() {
    return shape[0];
  }

  public int batchSize() {
    return shape[1];
  }

  /** One sample's {@code C x H x W} values. */
  public int imageSize() {
    return shape[2] * shape[3] * shape[4];
  }

  /** Batch {@code b}'s inputs, flat. */
  public float[] inputs(int b) {
    int size = batchSize() * imageSize();
    return Arrays.copyOfRange(inputs, b * size, (b + 1) * size);
  }

  /** Batch {@code b}'s labels. */
  public int[] labels(int b) {
    return Arrays.copyOfRange(labels, b * batchSize(), (b + 1) * batchSize());
  }

  /** Checks every label against the number of classes. */
  public void checkLabels(int classes) {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("labels: label " + labels[i] + " at index " + i + " is outside [0, "
            + classes + ")");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedBatches f && Arrays.equals(f.shape, shape) && Arrays.equals(f.inputs, inputs)
        && Arrays.equals(f.labels, labels);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(labels);
  }
}
