package io.fullspectrum.nn.data;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which data set a pipeline uses, as a small serialisable value that travels to workers; each JVM loads a set once
 * ({@link #load}) and shares it between threads (sets are never written after loading).
 *
 * @param name a registered data set ({@link DataSets})
 * @param path the data folder (empty: the Debian Fashion-MNIST folder)
 * @param syntheticSize training samples of the synthetic set (test: a quarter)
 */
public record DataSpec(String name, String path, int syntheticSize, int[] shape, boolean rgb32)
    implements Serializable {
  private static final Map<String, ImageSet> CACHE = new ConcurrentHashMap<>();

  /** A set at its native shape (synthetic: 1 x 28 x 28), not adapted. */
  public DataSpec(String name, String path, int syntheticSize) {
    this(name, path, syntheticSize, new int[] {1, 28, 28}, false);
  }

  /**
   * The set as an architecture needing {@code C x H x W} inputs sees it: a synthetic set is made at that shape;
   * 1 x 28 x 28 images (Fashion-MNIST) become 3 x 32 x 32 (zero-padded by 2, channel replicated) for a network
   * that needs it, when {@code adapt} is {@code auto} or {@code pad32-rgb}.
   *
   * @throws IllegalArgumentException one line naming both shapes when they cannot meet
   */
  public static DataSpec forInput(String name, String path, int syntheticSize, String adapt, int[] needed,
      String architecture) {
    if (!adapt.equals("auto") && !adapt.equals("none") && !adapt.equals("pad32-rgb")) {
      throw new IllegalArgumentException("data.adapt=" + adapt + " is not one of auto, none, pad32-rgb");
    }
    int[] own = nativeShape(name, path, needed);
    boolean grey28 = java.util.Arrays.equals(own, new int[] {1, 28, 28});
    boolean wants = java.util.Arrays.equals(needed, new int[] {3, 32, 32});
    boolean rgb32 = adapt.equals("pad32-rgb") || (adapt.equals("auto") && grey28 && wants);
    if (rgb32 && !grey28) {
      throw new IllegalArgumentException("data.adapt=pad32-rgb turns 1x28x28 images into 3x32x32, but data "
          + name + " gives " + text(own));
    }
    int[] seen = rgb32 ? new int[] {3, 32, 32} : own;
    if (!java.util.Arrays.equals(seen, needed)) {
      throw new IllegalArgumentException("data=" + name + " (data.adapt=" + adapt + ") gives " + text(seen)
          + " images; architecture=" + architecture + " needs " + text(needed) + (grey28 && !rgb32 ? " (data.adapt=auto pads and "
          + "replicates 1x28x28 to 3x32x32)" : ""));
    }
    return new DataSpec(name, path, syntheticSize, seen, rgb32);
  }

  /** The images' own shape ({@code C x H x W}); a synthetic set takes whatever is needed. */
  public static int[] nativeShape(String name, int[] needed) {
    return DataSets.get(name).nativeShape(needed);
  }

  /** The same for the set in folder {@code path} ({@code data.path}; empty when none). */
  public static int[] nativeShape(String name, String path, int[] needed) {
    return DataSets.get(name).nativeShape(path == null || path.isEmpty() ? null : java.nio.file.Path.of(path),
        needed);
  }

  private static String text(int[] s) {
    return s[0] + "x" + s[1] + "x" + s[2];
  }

  /** The train or test split, loaded once per JVM. */
  public ImageSet load(boolean train) {
    String key = name + "|" + path + "|" + syntheticSize + "|" + text(shape) + "|" + rgb32 + "|" + train;
    return CACHE.computeIfAbsent(key, k -> {
      try {
        ImageSet set = read(train);
        return rgb32 ? set.toRgb32() : set;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSpec d && d.name.equals(name) && java.util.Objects.equals(d.path, path)
        && d.syntheticSize == syntheticSize && java.util.Arrays.equals(d.shape, shape) && d.rgb32 == rgb32;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, path, syntheticSize, rgb32) * 31 + java.util.Arrays.hashCode(shape);
  }

  private ImageSet read(boolean train) throws IOException {
    return DataSets.get(name).read(path == null || path.isEmpty() ? null : Path.of(path), train, this);
  }

  /** The normalisation and augmentation that suit the set (per channel, replicated for an adapted set). */
  public Preprocessing preprocessing() {
    Preprocessing own = DataSets.get(name).preprocessing(rgb32 ? new int[] {1, 28, 28} : shape);
    return rgb32 ? own.replicated(3) : own;
  }
}
