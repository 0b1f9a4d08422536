package io.fullspectrum.nn.data;

import io.fullspectrum.schemas.NpyArray;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code data=npy}: a user's own data as NumPy arrays in {@code data.path}: {@code train_x.npy} and {@code test_x.npy}
 * (float32, {@code N x C x H x W}, or {@code N x D} features, which reach the model as {@code N x D x 1 x 1}), and
 * {@code train_y.npy} and {@code test_y.npy} (integer labels from 0). The samples are mapped from the files, not read
 * into the heap, and given to the model as they are: no scaling, normalisation or augmentation.
 */
final class NpyFolder implements DataSetDefinition {
  @Override
  public String name() {
    return "npy";
  }

  @Override
  public String description() {
    return "your own arrays: train_x.npy, train_y.npy, test_x.npy, test_y.npy in data.path (float32 NCHW, int labels)";
  }

  @Override
  public int[] nativeShape(int[] needed) {
    throw new IllegalArgumentException("data=npy needs data.path=<folder with train_x.npy ...>");
  }

  @Override
  public int[] nativeShape(Path folder, int[] needed) {
    Path x = DataSetDefinition.required(folder, name()).resolve("train_x.npy");
    try {
      return sampleShape(x, NpyArray.header(x));
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static int[] sampleShape(Path file, NpyArray.Header h) {
    int[] s = h.shape();
    return switch (s.length) {
      case 4 -> new int[] {s[1], s[2], s[3]};
      case 3 -> new int[] {1, s[1], s[2]};
      case 2 -> new int[] {s[1], 1, 1};
      default -> throw new IllegalArgumentException(file + ": samples of shape " + java.util.Arrays.toString(s)
          + "; expected N x C x H x W, N x H x W or N x D");
    };
  }

  @Override
  public ImageSet read(Path folder, boolean train, DataSpec spec) throws IOException {
    Path dir = DataSetDefinition.required(folder, name());
    Path xFile = dir.resolve(train ? "train_x.npy" : "test_x.npy");
    Path yFile = dir.resolve(train ? "train_y.npy" : "test_y.npy");
    NpyArray.Header h = NpyArray.header(xFile);
    if (h.kind() != 'f' || h.itemSize() != 4) {
      throw new IllegalArgumentException(xFile + ": samples are " + h.kind() + h.itemSize() + ", not float32 ('<f4')");
    }
    int[] shape = sampleShape(xFile, h);
    int n = h.shape()[0];
    long[] labels = NpyArray.readFile(yFile).toLongs();
    if (labels.length != n) {
      throw new IllegalArgumentException(yFile + ": " + labels.length + " labels for " + n + " samples in " + xFile);
    }
    int[] y = new int[n];
    int classes = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] > Integer.MAX_VALUE - 1) {
        throw new IllegalArgumentException(yFile + ": label " + labels[i] + " of sample " + i + " is negative");
      }
      y[i] = (int) labels[i];
      classes = Math.max(classes, y[i] + 1);
    }
    try (FileChannel channel = FileChannel.open(xFile, StandardOpenOption.READ)) {
      long bytes = h.count() * 4;
      if (channel.size() < h.dataOffset() + bytes) {
        throw new IllegalArgumentException(xFile + ": truncated (" + channel.size() + " bytes for " + h.count()
            + " float32 values)");
      }
      if (bytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(xFile + ": " + bytes + " bytes of samples, more than one mapping holds "
            + "(2 GiB): split the set");
      }
      FloatBuffer values = channel.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), bytes).order(h.order())
          .asFloatBuffer();
      return ImageSet.ofValues("npy:" + dir.getFileName(), shape[0], shape[1], shape[2], classes, values, y);
    }
  }

  @Override
  public Preprocessing preprocessing(int[] shape) {
    return Preprocessing.identity(shape[0]);
  }
}
