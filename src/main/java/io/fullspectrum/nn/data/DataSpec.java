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
 * @param name {@code fashion-mnist}, {@code cifar10}, {@code cifar100}, {@code tiny-imagenet} or {@code synthetic}
 * @param path the data folder (empty: the Debian Fashion-MNIST folder)
 * @param syntheticSize training samples of the synthetic set (test: a quarter)
 */
public record DataSpec(String name, String path, int syntheticSize) implements Serializable {
  private static final Map<String, ImageSet> CACHE = new ConcurrentHashMap<>();

  /** The train or test split, loaded once per JVM. */
  public ImageSet load(boolean train) {
    String key = name + "|" + path + "|" + syntheticSize + "|" + train;
    return CACHE.computeIfAbsent(key, k -> {
      try {
        return read(train);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private ImageSet read(boolean train) throws IOException {
    Path dir = path == null || path.isEmpty() ? null : Path.of(path);
    switch (name) {
      case "fashion-mnist":
        return IdxFiles.fashionMnist(dir == null ? IdxFiles.DEBIAN_DIR : dir, train);
      case "cifar10":
        return CifarBinary.cifar10(require(dir), train);
      case "cifar100":
        return CifarBinary.cifar100(require(dir), train);
      case "tiny-imagenet":
        return TinyImageNetFolder.read(require(dir), train);
      case "synthetic":
        return SyntheticImages.generate(train ? syntheticSize : Math.max(1, syntheticSize / 4), 1, 28, 28, 10,
            1, train ? 1 : 2);
      default:
        throw new IllegalArgumentException("unknown dataset '" + name
            + "'; known: fashion-mnist, cifar10, cifar100, tiny-imagenet, synthetic");
    }
  }

  private Path require(Path dir) {
    if (dir == null) {
      throw new IllegalArgumentException("dataset " + name + " needs data.path=<folder>");
    }
    return dir;
  }

  /** The normalisation and augmentation that suit the set. */
  public Preprocessing preprocessing() {
    switch (name) {
      case "fashion-mnist":
        return Preprocessing.FASHION_MNIST;
      case "synthetic":
        return new Preprocessing(new float[] {0.5f}, new float[] {0.3f}, 0, false);
      case "cifar100":
        return new Preprocessing(new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f},
            4, true);
      case "tiny-imagenet":
        return new Preprocessing(new float[] {0.4802f, 0.4481f, 0.3975f}, new float[] {0.2770f, 0.2691f, 0.2821f},
            4, true);
      default:
        return Preprocessing.CIFAR10;
    }
  }
}
