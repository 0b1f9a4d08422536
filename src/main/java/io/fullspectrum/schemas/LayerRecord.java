package io.fullspectrum.schemas;

import com.google.auto.value.AutoValue;
import io.fullspectrum.graph.KeptIndices;
import io.fullspectrum.graph.WeightedLayer;
import java.io.Serializable;
import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One prunable layer as it crosses a stage boundary: its stable name, its PyTorch-layout shape, its float32
 * weights (absent for a mask-only record) and its 0/1 mask, one byte per weight in row-major order.
 */
@AutoValue
public abstract class LayerRecord implements Serializable, WeightedLayer {
  private static final long serialVersionUID = 1L;

  /** Stable layer name, e.g. {@code layer1.0.conv1}. */
  @Override
  public abstract String name();

  /**
   * PyTorch layout: {@code Cout x Cin x kh x kw} for a conv, {@code Cout x Cin} for a linear layer (1-d for the
   * non-prunable state a {@code NetworkState} carries).
   */
  @Override
  @SuppressWarnings("mutable")
  public abstract int[] shape();

  /** Weights in row-major order, or null when the record carries only a mask. */
  @Override
  @SuppressWarnings("mutable")
  public abstract float @Nullable [] weights();

  /** Mask in row-major order: 1 keeps the weight, 0 prunes it. */
  @Override
  @SuppressWarnings("mutable")
  public abstract byte[] mask();

  /**
   * Builds a record, checking that shape, weights and mask agree.
   *
   * @throws IllegalArgumentException naming the layer and the field that disagrees
   */
  public static LayerRecord of(String name, int[] shape, float @Nullable [] weights, byte[] mask) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("layer record: empty layer name");
    }
    long numel = numel(name, shape);
    if (mask.length != numel) {
      throw new IllegalArgumentException(String.format(
          "layer %s: mask has %d values but shape %s holds %d", name, mask.length, Arrays.toString(shape), numel));
    }
    if (weights != null && weights.length != numel) {
      throw new IllegalArgumentException(String.format(
          "layer %s: weights have %d values but shape %s holds %d",
          name, weights.length, Arrays.toString(shape), numel));
    }
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] != 0 && mask[i] != 1) {
        throw new IllegalArgumentException(String.format(
            "layer %s: mask value %d at index %d is neither 0 nor 1", name, mask[i], i));
      }
    }
    return new AutoValue_LayerRecord(name, shape.clone(), weights == null ? null : weights.clone(), mask.clone());
  }

  /** A record whose mask keeps every weight (a dense layer). */
  public static LayerRecord dense(String name, int[] shape, float[] weights) {
    byte[] mask = new byte[weights.length];
    Arrays.fill(mask, (byte) 1);
    return of(name, shape, weights, mask);
  }

  /** The same layer with another mask of the same shape. */
  public LayerRecord withMask(byte[] newMask) {
    return of(name(), shape(), weights(), newMask);
  }

  /** Number of weights, the product of the shape. */
  public int numel() {
    return mask().length;
  }

  /** Number of kept weights (mask ones). */
  public long kept() {
    return KeptIndices.count(mask());
  }

  private static long numel(String name, int[] shape) {
    if (shape == null || shape.length < 1 || shape.length > 4) {
      throw new IllegalArgumentException(String.format(
          "layer %s: shape %s must have 1 to 4 dimensions", name, Arrays.toString(shape)));
    }
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(String.format(
            "layer %s: shape %s has a non-positive dimension", name, Arrays.toString(shape)));
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(String.format(
          "layer %s: shape %s is too large (%d weights)", name, Arrays.toString(shape), n));
    }
    return n;
  }
}
