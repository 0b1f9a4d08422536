package io.fullspectrum.nn.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers on small files written here in the exact formats, and their one-line errors. */
class DatasetFilesTest {
  @TempDir Path dir;

  private static byte[] idxImages(int n, int rows, int cols) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(n);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < n * rows * cols; i++) {
      out.writeByte(i % 251);
    }
    return bytes.toByteArray();
  }

  private static byte[] idxLabels(int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x801);
    out.writeInt(labels.length);
    for (int l : labels) {
      out.writeByte(l);
    }
    return bytes.toByteArray();
  }

  private static void gzip(Path path, byte[] data) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
      out.write(data);
    }
  }

  @Test
  void gzippedIdxFilesReadAsFashionMnist() throws IOException {
    gzip(dir.resolve("t10k-images-idx3-ubyte.gz"), idxImages(3, 28, 28));
    gzip(dir.resolve("t10k-labels-idx1-ubyte.gz"), idxLabels(7, 0, 9));
    ImageSet set = IdxFiles.fashionMnist(dir, false);
    assertThat(set.size(), equalTo(3));
    assertThat(set.label(2), equalTo(9));
    assertThat(set.pixel(1, 0, 0, 5), equalTo((784 + 5) % 251));
  }

  @Test
  void plainIdxFilesReadToo() throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte"), idxImages(2, 28, 28));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(1, 2));
    assertThat(IdxFiles.fashionMnist(dir, true).label(1), equalTo(2));
  }

  @Test
  void aMissingDatasetNamesTheFile() {
    IOException e = assertThrows(IOException.class, () -> IdxFiles.fashionMnist(dir.resolve("none"), true));
    assertThat(e.getMessage(), containsString("train-images-idx3-ubyte"));
  }

  @Test
  void aTruncatedIdxFileIsNamed() throws IOException {
    byte[] images = idxImages(3, 28, 28);
    Files.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, images.length - 100));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(1, 2, 3));
    IOException e = assertThrows(IOException.class, () -> IdxFiles.fashionMnist(dir, true));
    assertThat(e.getMessage(), equalTo(dir.resolve("train-images-idx3-ubyte") + ": truncated IDX image file (2252 of "
        + "2352 pixel bytes)"));
  }

  @Test
  void anIdxLabelOutOfRangeIsNamed() throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte"), idxImages(2, 28, 28));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(1, 12));
    IOException e = assertThrows(IOException.class, () -> IdxFiles.fashionMnist(dir, true));
    assertThat(e.getMessage(), containsString("train-labels-idx1-ubyte"));
    assertThat(e.getMessage(), containsString("label 12 of image 1"));
  }

  private static byte[] cifarRecords(int labelBytes, int... labels) {
    int record = labelBytes + 3072;
    byte[] data = new byte[labels.length * record];
    for (int r = 0; r < labels.length; r++) {
      data[r * record + labelBytes - 1] = (byte) labels[r];
      for (int i = 0; i < 3072; i++) {
        data[r * record + labelBytes + i] = (byte) (r + i);
      }
    }
    return data;
  }

  @Test
  void cifar10BatchesReadInOrder() throws IOException {
    for (int b = 1; b <= 5; b++) {
      Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(1, b, 9));
    }
    ImageSet set = CifarBinary.cifar10(dir, true);
    assertThat(set.size(), equalTo(10));
    assertThat(set.label(4), equalTo(3));
    assertThat(set.pixel(1, 2, 31, 31), equalTo((1 + 3071) & 0xff));
  }

  @Test
  void cifar100UsesTheFineLabel() throws IOException {
    Files.write(dir.resolve("test.bin"), cifarRecords(2, 57, 99));
    ImageSet set = CifarBinary.cifar100(dir, false);
    assertThat(set.classes(), equalTo(100));
    assertThat(set.label(0), equalTo(57));
  }

  @Test
  void aTruncatedCifarFileIsNamed() throws IOException {
    byte[] records = cifarRecords(1, 1, 2);
    Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(records, records.length - 7));
    IOException e = assertThrows(IOException.class, () -> CifarBinary.cifar10(dir, false));
    assertThat(e.getMessage(), containsString("test_batch.bin"));
    assertThat(e.getMessage(), containsString("not a whole number of 3073-byte records"));
  }

  @Test
  void aCifarLabelOutOfRangeIsNamed() throws IOException {
    Files.write(dir.resolve("test_batch.bin"), cifarRecords(1, 3, 10));
    IOException e = assertThrows(IOException.class, () -> CifarBinary.cifar10(dir, false));
    assertThat(e.getMessage(), equalTo(dir.resolve("test_batch.bin") + ": record 1 has label 10, outside [0, 10)"));
  }

  @Test
  void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
    assertThat(Preprocessing.reflect(-1, 32), equalTo(1));
    assertThat(Preprocessing.reflect(-4, 32), equalTo(4));
    assertThat(Preprocessing.reflect(32, 32), equalTo(30));
    assertThat(Preprocessing.reflect(35, 32), equalTo(27));
    assertThat(Preprocessing.reflect(7, 32), equalTo(7));
  }
}
