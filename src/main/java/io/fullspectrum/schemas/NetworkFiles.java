package io.fullspectrum.schemas;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A network's prunable layers from and to files: our Arrow mask set ({@code .arrow}) or a NumPy {@code .npz}
 * archive of {@code <layer>.weight} arrays (PyTorch layout) with optional {@code <layer>.mask} arrays, the format
 * of {@code numpy.savez(path, **{k: v.numpy() for k, v in state_dict.items()})}. Biases, batch-norm and other
 * arrays are ignored (method §4: only 2-d and 4-d weights are prunable).
 */
public final class NetworkFiles {
  private static final String WEIGHT = ".weight";
  /** A mask as torch.nn.utils.prune names its buffer, {@code <module>.weight_mask}: what the files we write hold. */
  private static final String WEIGHT_MASK = ".weight_mask";
  /** The older name of a mask, still read. */
  private static final String MASK = ".mask";

  private NetworkFiles() {}

  /**
   * Reads the layers of {@code path}, choosing the format by content (zip magic for {@code .npz}).
   *
   * @throws IOException with a one-line message naming the file and, where it applies, the layer
   */
  public static MaskSet read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such file");
    }
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(path)) {
      int n = in.readNBytes(head, 0, 4);
      if (n == 4 && head[0] == 'P' && head[1] == 'K') {
        return readNpz(path);
      }
    }
    return MaskSetArrow.readFile(path);
  }

  /**
   * Every array of a {@code .npz} archive by name (without {@code .npy}), in archive order.
   *
   * @throws IOException one line naming the file (and the array) when it cannot be read
   */
  public static Map<String, NpyArray> readArrays(Path path) throws IOException {
    return readArraysChecked(path);
  }

  /** Inflated bytes an archive may hold beyond {@link #INFLATE_RATIO} times its size (zip-bomb guard). */
  static final long INFLATE_ALLOWANCE = 64L << 20;
  /**
   * Inflated bytes an archive may hold per byte of file: deflate tops out near 1032:1 on zeros; a 99.9%-sparse
   * bool mask of a ResNet-18 compresses about 300:1.
   */
  static final long INFLATE_RATIO = 500;

  /** Counts what the archive inflates to and stops at the limit (one line naming the file). */
  private static final class InflateLimit extends java.io.FilterInputStream {
    private final long limit;
    private final Path path;
    private long seen;

    InflateLimit(InputStream in, long limit, Path path) {
      super(in);
      this.limit = limit;
      this.path = path;
    }

    long remaining() {
      return limit - seen;
    }

    private void count(long n) throws IOException {
      seen += Math.max(0, n);
      if (seen > limit) {
        throw new IOException(path + ": inflates to more than " + limit + " bytes (" + INFLATE_RATIO + " times its "
            + "size plus " + (INFLATE_ALLOWANCE >> 20) + " MiB): a zip bomb, or not an .npz of weights and masks");
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(n);
      return n;
    }

    @Override
    public void close() {
      // The archive stream is closed by its owner.
    }
  }

  private static Map<String, NpyArray> readArraysChecked(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such file");
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    long limit = INFLATE_ALLOWANCE + INFLATE_RATIO * Files.size(path);
    try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
      InflateLimit bounded = new InflateLimit(zip, limit, path);
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName().endsWith(".npy")
            ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
        arrays.put(name, NpyArray.read(bounded, path + ":" + name, bounded.remaining()));
      }
    } catch (ZipException | java.io.EOFException | RuntimeException e) {
      throw new IOException(path + ": not a readable .npz archive (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).startsWith(path.toString())) {
        throw e;
      }
      throw new IOException(path + ": not a readable .npz archive (" + e.getMessage() + ")", e);
    }
    if (arrays.isEmpty()) {
      throw new IOException(path + ": not a readable .npz archive (no arrays)");
    }
    return arrays;
  }

  /** Reads a {@code .npz} archive; masks default to {@code weight != 0}. */
  public static MaskSet readNpz(Path path) throws IOException {
    Map<String, NpyArray> arrays = readArrays(path);
    List<LayerRecord> layers = new ArrayList<>();
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      String key = e.getKey();
      if (!key.endsWith(WEIGHT)) {
        continue;
      }
      NpyArray weight = e.getValue();
      int[] shape = weight.shape();
      if (shape.length != 2 && shape.length != 4) {
        continue;
      }
      String layer = key.substring(0, key.length() - WEIGHT.length());
      if (!weight.isFloating()) {
        throw new IOException(path + ": layer " + layer + ": weight is not a floating-point array");
      }
      float[] w = weight.toFloats();
      for (int i = 0; i < w.length; i++) {
        if (!Float.isFinite(w[i])) {
          throw new IOException(path + ": layer " + layer + ": weight " + i + " is " + w[i]);
        }
      }
      NpyArray maskArray = arrays.getOrDefault(layer + WEIGHT_MASK, arrays.get(layer + MASK));
      byte[] mask;
      if (maskArray == null) {
        mask = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
          mask[i] = (byte) (w[i] != 0f ? 1 : 0);
        }
      } else {
        if (!Arrays.equals(maskArray.shape(), shape)) {
          throw new IOException(path + ": layer " + layer + ": mask shape " + Arrays.toString(maskArray.shape())
              + " differs from weight shape " + Arrays.toString(shape));
        }
        mask = maskArray.toMask();
      }
      layers.add(LayerRecord.of(layer, shape, w, mask));
    }
    for (String key : arrays.keySet()) {
      String suffix = key.endsWith(WEIGHT_MASK) ? WEIGHT_MASK : key.endsWith(MASK) ? MASK : null;
      if (suffix != null && !arrays.containsKey(key.substring(0, key.length() - suffix.length()) + WEIGHT)) {
        throw new IOException(path + ": " + key + " has no matching weight array");
      }
    }
    if (layers.isEmpty()) {
      throw new IOException(path + ": no prunable <layer>.weight arrays (2-d or 4-d) in this .npz");
    }
    return MaskSet.of("input", 0, 0, 0, layers);
  }

  /**
   * Writes per layer {@code <layer>.weight_mask} (bool) and {@code <layer>.weight_score} (float32) arrays to an
   * {@code .npz}, atomically, named as {@code torch.nn.utils.prune} names a module's mask: what
   * {@code prune.custom_from_mask(model.get_submodule(layer), "weight", torch.from_numpy(m))} takes.
   *
   * @param scores per layer, or null for none
   */
  public static void writeMasksAndScores(MaskSet masks, List<float[]> scores, Path path) throws IOException {
    AtomicFiles.write(path, file -> {
      ZipOutputStream zip = new ZipOutputStream(file);
      for (int l = 0; l < masks.layers().size(); l++) {
        LayerRecord layer = masks.layers().get(l);
        zip.putNextEntry(new ZipEntry(layer.name() + WEIGHT_MASK + ".npy"));
        NpyArray.writeMask(zip, layer.shape(), layer.mask());
        zip.closeEntry();
        if (scores != null) {
          zip.putNextEntry(new ZipEntry(layer.name() + ".weight_score.npy"));
          NpyArray.writeFloats(zip, layer.shape(), scores.get(l));
          zip.closeEntry();
        }
      }
      zip.finish();
    });
  }

  /** Writes {@code <layer>.weight} (when present) and {@code <layer>.weight_mask} arrays to an {@code .npz}, atomically. */
  public static void writeNpz(MaskSet set, Path path) throws IOException {
    AtomicFiles.write(path, file -> {
      ZipOutputStream zip = new ZipOutputStream(file);
      for (LayerRecord layer : set.layers()) {
        if (layer.weights() != null) {
          zip.putNextEntry(new ZipEntry(layer.name() + WEIGHT + ".npy"));
          NpyArray.writeFloats(zip, layer.shape(), layer.weights());
          zip.closeEntry();
        }
        zip.putNextEntry(new ZipEntry(layer.name() + WEIGHT_MASK + ".npy"));
        NpyArray.writeMask(zip, layer.shape(), layer.mask());
        zip.closeEntry();
      }
      zip.finish();
    });
  }
}
