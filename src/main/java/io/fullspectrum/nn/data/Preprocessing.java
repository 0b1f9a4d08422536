package io.fullspectrum.nn.data;

import java.util.SplittableRandom;

/**
 * Turns raw bytes into a normalised float image, with the standard CIFAR augmentation when asked (method §6):
 * reflect-pad by {@code pad}, random crop back to size, random horizontal flip.
 */
public final class Preprocessing {
  /** CIFAR-10 statistics used by the authors' code (method §6). */
  public static final Preprocessing CIFAR10 =
      new Preprocessing(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2023f, 0.1994f, 0.2010f}, 4, true);
  /** Fashion-MNIST statistics, no augmentation. */
  public static final Preprocessing FASHION_MNIST =
      new Preprocessing(new float[] {0.2860f}, new float[] {0.3530f}, 0, false);

  private final float[] mean;
  private final float[] std;
  private final int pad;
  private final boolean flip;

  public Preprocessing(float[] mean, float[] std, int pad, boolean flip) {
    this.mean = mean.clone();
    this.std = std.clone();
    this.pad = pad;
    this.flip = flip;
  }

  /** No normalisation or augmentation, for {@code channels} channels (samples a user gives as they are). */
  public static Preprocessing identity(int channels) {
    float[] m = new float[channels];
    float[] d = new float[channels];
    java.util.Arrays.fill(d, 1f);
    return new Preprocessing(m, d, 0, false);
  }

  /** The one-channel statistics repeated over {@code channels} channels (a grey set made RGB). */
  public Preprocessing replicated(int channels) {
    float[] m = new float[channels];
    float[] d = new float[channels];
    java.util.Arrays.fill(m, mean[0]);
    java.util.Arrays.fill(d, std[0]);
    return new Preprocessing(m, d, pad, flip);
  }

  /** The same normalisation without augmentation (for evaluation). */
  public Preprocessing withoutAugmentation() {
    return new Preprocessing(mean, std, 0, false);
  }

  /**
   * Writes image {@code i} of {@code set} into {@code out} at {@code offset} as {@code C x H x W} floats.
   *
   * @param random null for no augmentation
   */
  public void fill(ImageSet set, int i, float[] out, int offset, SplittableRandom random) {
    if (set.raw()) {
      set.copyValues(i, out, offset); // given as they are: no scaling, normalisation or augmentation
      return;
    }
    int c = set.channels();
    int h = set.height();
    int w = set.width();
    if (mean.length != c) {
      throw new IllegalArgumentException(set.name() + " has " + c + " channels, the preprocessing " + mean.length);
    }
    int dy = 0;
    int dx = 0;
    boolean mirror = false;
    if (random != null) {
      if (pad > 0) {
        dy = random.nextInt(2 * pad + 1) - pad;
        dx = random.nextInt(2 * pad + 1) - pad;
      }
      mirror = flip && random.nextBoolean();
    }
    int at = offset;
    for (int ch = 0; ch < c; ch++) {
      float m = mean[ch];
      float s = std[ch];
      for (int y = 0; y < h; y++) {
        int sy = reflect(y + dy, h);
        for (int x = 0; x < w; x++) {
          int sx = reflect((mirror ? w - 1 - x : x) + dx, w);
          out[at++] = (set.pixel(i, ch, sy, sx) / 255f - m) / s;
        }
      }
    }
  }

  /** Reflect padding (as {@code torch.nn.functional.pad(mode="reflect")}): -1 maps to 1, n maps to n-2. */
  static int reflect(int v, int n) {
    if (v < 0) {
      return -v;
    }
    if (v >= n) {
      return 2 * (n - 1) - v;
    }
    return v;
  }
}
