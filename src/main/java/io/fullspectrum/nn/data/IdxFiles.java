package io.fullspectrum.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-style IDX files (Fashion-MNIST), gzipped or not: {@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-*}. Debian's {@code dataset-fashion-mnist} installs them under
 * {@link #DEBIAN_DIR}.
 */
public final class IdxFiles {
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private IdxFiles() {}

  /**
   * Reads Fashion-MNIST's train or test split from {@code dir}.
   *
   * @throws IOException one line naming the missing or damaged file (and how to install the package)
   */
  public static ImageSet fashionMnist(Path dir, boolean train) throws IOException {
    String prefix = train ? "train" : "t10k";
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    int[] l = readLabels(labels);
    byte[] p;
    int rows;
    int cols;
    try (DataInputStream in = open(images)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new IOException(images + ": not an IDX image file (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int n = in.readInt();
      rows = in.readInt();
      cols = in.readInt();
      if (n != l.length) {
        throw new IOException(images + ": " + n + " images but " + labels + " has " + l.length + " labels");
      }
      if (rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE - 8) {
        throw new IOException(images + ": bad IDX image size " + n + " x " + rows + " x " + cols);
      }
      // Read what is there rather than allocate what the header declares: a lying header cannot exhaust memory.
      p = in.readNBytes(n * rows * cols);
      if (p.length < n * rows * cols) {
        throw new IOException(images + ": truncated IDX image file (" + p.length + " of " + n * rows * cols
            + " pixel bytes)");
      }
    } catch (EOFException e) {
      throw new IOException(images + ": truncated IDX image file", e);
    } catch (IOException e) {
      throw named(images, e);
    }
    try {
      return new ImageSet("fashion-mnist/" + prefix, 1, rows, cols, 10, p, l);
    } catch (IllegalArgumentException e) {
      throw new IOException(labels + ": " + e.getMessage(), e);
    }
  }

  private static int[] readLabels(Path path) throws IOException {
    try (DataInputStream in = open(path)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new IOException(path + ": not an IDX label file (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int n = in.readInt();
      if (n < 0 || n > Integer.MAX_VALUE - 8) {
        throw new IOException(path + ": bad IDX label count " + Integer.toUnsignedString(n));
      }
      byte[] raw = in.readNBytes(n);
      if (raw.length < n) {
        throw new IOException(path + ": truncated IDX label file (" + raw.length + " of " + n + " labels)");
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    } catch (EOFException e) {
      throw new IOException(path + ": truncated IDX label file", e);
    } catch (IOException e) {
      throw named(path, e);
    }
  }

  /** The error as one line naming the file (a damaged gzip stream's own message does not). */
  private static IOException named(Path file, IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith(file.toString()) ? e : new IOException(file + ": unreadable IDX file (" + m + ")", e);
  }

  private static Path find(Path dir, String base) throws IOException {
    for (String name : new String[] {base, base + ".gz"}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException(dir.resolve(base) + "[.gz]: Fashion-MNIST file not found; Debian's package installs it "
        + "under " + DEBIAN_DIR + ": sudo apt-get install dataset-fashion-mnist");
  }

  private static DataInputStream open(Path path) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    if (path.toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(in);
  }
}
