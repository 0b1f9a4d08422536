package io.fullspectrum.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 in their binary formats: CIFAR-10 records are 1 label byte + 3072 pixel bytes in
 * {@code data_batch_1.bin .. data_batch_5.bin} and {@code test_batch.bin}; CIFAR-100 records are a coarse and a
 * fine label byte + 3072 pixel bytes in {@code train.bin} and {@code test.bin} (we use the fine label).
 */
public final class CifarBinary {
  private static final int PIXELS = 3 * 32 * 32;

  private CifarBinary() {}

  /** CIFAR-10 from its {@code cifar-10-batches-bin} folder. */
  public static ImageSet cifar10(Path dir, boolean train) throws IOException {
    List<Path> files = new ArrayList<>();
    if (train) {
      for (int i = 1; i <= 5; i++) {
        files.add(dir.resolve("data_batch_" + i + ".bin"));
      }
    } else {
      files.add(dir.resolve("test_batch.bin"));
    }
    return read(files, 1, 0, 10, train ? "cifar10/train" : "cifar10/test");
  }

  /** CIFAR-100 (fine labels) from its {@code cifar-100-binary} folder. */
  public static ImageSet cifar100(Path dir, boolean train) throws IOException {
    return read(List.of(dir.resolve(train ? "train.bin" : "test.bin")), 2, 1, 100,
        train ? "cifar100/train" : "cifar100/test");
  }

  private static ImageSet read(List<Path> files, int labelBytes, int labelAt, int classes, String name)
      throws IOException {
    int record = labelBytes + PIXELS;
    long total = 0;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IOException(f + ": CIFAR file not found");
      }
      long size = Files.size(f);
      if (size == 0 || size % record != 0) {
        throw new IOException(f + ": " + size + " bytes is not a whole number of " + record
            + "-byte records (truncated or not this CIFAR variant)");
      }
      total += size / record;
    }
    byte[] pixels = new byte[Math.toIntExact(total * PIXELS)];
    int[] labels = new int[(int) total];
    int at = 0;
    for (Path f : files) {
      byte[] raw = Files.readAllBytes(f);
      for (int r = 0; r < raw.length / record; r++, at++) {
        int label = raw[r * record + labelAt] & 0xff;
        if (label >= classes) {
          throw new IOException(f + ": record " + r + " has label " + label + ", outside [0, " + classes + ")");
        }
        labels[at] = label;
        System.arraycopy(raw, r * record + labelBytes, pixels, at * PIXELS, PIXELS);
      }
    }
    return new ImageSet(name, 3, 32, 32, classes, pixels, labels);
  }
}
