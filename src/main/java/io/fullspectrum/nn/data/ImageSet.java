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
  private final int[] labels;

  /**
   * @throws IllegalArgumentException naming the set when the arrays disagree or a label is out of range
   */
  public ImageSet(String name, int channels, int height, int width, int classes, byte[] pixels, int[] labels) {
    long imageSize = (long) channels * height * width;
    if (imageSize * labels.length != pixels.length) {
      throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
          + " images of " + channels + "x" + height + "x" + width);
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
    this.labels = labels;
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
    byte[] p = java.util.Arrays.copyOf(pixels, m * imageSize());
    int[] l = java.util.Arrays.copyOf(labels, m);
    return new ImageSet(name, channels, height, width, classes, p, l);
  }

  /** The images at these indices, in this order. */
  public ImageSet select(int[] indices) {
    int size = imageSize();
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
    if (channels != 1 || height != 28 || width != 28) {
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
