package io.fullspectrum.nn.data;

/**
 * A labelled image set held once in memory as raw bytes, channel-major ({@code N x C x H x W}), the form every
 * supported format stores; batches are normalised and augmented from it on the fly.
 */
public final class ImageSet {
  private final String name;
  private final int channels;
  private final int height;
  private final int width;
  private final int classes;
  private final byte[] pixels;
  /** Samples given as floats to use as they are ({@code data=npy}, mapped from the file), or null. */
  private final java.nio.FloatBuffer values;
  private final int[] labels;

  /**
   * @throws IllegalArgumentException naming the set when the arrays disagree or a label is out of range
   */
  public ImageSet(String name, int channels, int height, int width, int classes, byte[] pixels, int[] labels) {
    this(name, channels, height, width, classes, pixels, null, labels);
  }

  /**
   * A set of samples given as floats, used as they are (no scaling, normalisation or augmentation).
   *
   * @throws IllegalArgumentException naming the set when the sizes disagree or a label is out of range
   */
  public static ImageSet ofValues(String name, int channels, int height, int width, int classes,
      java.nio.FloatBuffer values, int[] labels) {
    return new ImageSet(name, channels, height, width, classes, null, values, labels);
  }

  private ImageSet(String name, int channels, int height, int width, int classes, byte[] pixels,
      java.nio.FloatBuffer values, int[] labels) {
    long imageSize = (long) channels * height * width;
    long have = pixels != null ? pixels.length : values.capacity();
    if (imageSize * labels.length != have) {
      throw new IllegalArgumentException(name + ": " + have + (pixels != null ? " pixel bytes" : " values") + " for "
          + labels.length + " images of " + channels + "x" + height + "x" + width);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is outside [0, "
            + classes + ")");
      }
    }
    this.name = name;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.classes = classes;
    this.pixels = pixels;
    this.values = values;
    this.labels = labels;
  }

  /** Whether the samples are floats to use as they are ({@link #ofValues}). */
  public boolean raw() {
    return values != null;
  }

  /** Copies sample {@code i}'s values into {@code out} at {@code offset} (a set of {@link #ofValues}). */
  public void copyValues(int i, float[] out, int offset) {
    values.duplicate().position(i * imageSize()).get(out, offset, imageSize());
  }

  public String name() {
    return name;
  }

  public int size() {
    return labels.length;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int classes() {
    return classes;
  }

  public int imageSize() {
    return channels * height * width;
  }

  /** Pixel {@code (c, y, x)} of image {@code i} in [0, 255]. */
  public int pixel(int i, int c, int y, int x) {
    return pixels[((i * channels + c) * height + y) * width + x] & 0xff;
  }

  public int label(int i) {
    return labels[i];
  }

  /** The first {@code n} images (a view sharing no state that could change: both arrays are never written). */
  public ImageSet head(int n) {
    int m = Math.min(n, size());
    if (raw()) {
      return ofValues(name, channels, height, width, classes, values.duplicate().limit(m * imageSize()).slice(),
          java.util.Arrays.copyOf(labels, m));
    }
    byte[] p = java.util.Arrays.copyOf(pixels, m * imageSize());
    int[] l = java.util.Arrays.copyOf(labels, m);
    return new ImageSet(name, channels, height, width, classes, p, l);
  }

  /** The images at these indices, in this order. */
  public ImageSet select(int[] indices) {
    int size = imageSize();
    if (raw()) {
      float[] v = new float[indices.length * size];
      int[] l = new int[indices.length];
      for (int k = 0; k < indices.length; k++) {
        copyValues(indices[k], v, k * size);
        l[k] = labels[indices[k]];
      }
      return ofValues(name, channels, height, width, classes, java.nio.FloatBuffer.wrap(v), l);
    }
    byte[] p = new byte[indices.length * size];
    int[] l = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(pixels, indices[k] * size, p, k * size, size);
      l[k] = labels[indices[k]];
    }
    return new ImageSet(name, channels, height, width, classes, p, l);
  }

  /**
   * This grey set as 3 x 32 x 32 images: zero-padded by 2 on each side (Fashion-MNIST's background is 0) and the
   * channel replicated, so that the CIFAR ResNets and VGG-16 take it.
   */
  public ImageSet toRgb32() {
    if (raw() || channels != 1 || height != 28 || width != 28) {
      throw new IllegalArgumentException(name + ": only 1x28x28 images are padded to 3x32x32, not " + channels
          + "x" + height + "x" + width);
    }
    int n = size();
    byte[] out = new byte[n * 3 * 32 * 32];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 28; y++) {
          System.arraycopy(pixels, (i * 28 + y) * 28, out, ((i * 3 + c) * 32 + y + 2) * 32 + 2, 28);
        }
      }
    }
    return new ImageSet(name, 3, 32, 32, classes, out, labels);
  }
}
