package io.fullspectrum.fuzz;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.fullspectrum.nn.data.CifarBinary;
import io.fullspectrum.nn.data.IdxFiles;
import io.fullspectrum.nn.data.TinyImageNetFolder;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.schemas.NpyArray;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded mutations of every file format a user feeds FullSpectrum: each read must end in a correct
 * result or in one line (IOException or IllegalArgumentException) that names the file; never another exception, a
 * hang, or an allocation out of proportion to the file (a lying size field must not allocate what it declares).
 */
class ReaderFuzzTest {
  private static final int CASES = Integer.getInteger("fs.fuzz.cases", 2000);
  /** Bytes a read may allocate: a fixed allowance plus a multiple of the file (decoding costs some of each). */
  private static final long ALLOWANCE = 96L << 20;
  private static final long PER_BYTE = 600;

  @TempDir Path dir;

  /** Reads the mutated input at {@code file}. */
  interface Reader {
    void read(Path file) throws Exception;
  }

  /** Writes mutation {@code i} of the input (which may span several files) and says what it did. */
  interface Mutator {
    Path write(int i, SplittableRandom random, StringBuilder what) throws IOException;
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static long sizeOf(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (var files = Files.walk(p)) {
        long total = 0;
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          total += Files.size(f);
        }
        return total;
      }
    }
    return Files.exists(p) ? Files.size(p) : 0;
  }

  /**
   * Runs {@code cases} mutations through {@code reader}; {@code names} is what a good message must contain (the
   * path the mutator returned, unless {@code nameOf} says otherwise).
   */
  private static void fuzz(String format, long seed, int cases, Mutator mutator, Reader reader,
      java.util.function.Function<Path, String> nameOf) {
    List<String> failures = new ArrayList<>();
    int[] outcomes = new int[2];
    long[] slowest = {0, -1};
    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int i = 0; i < cases && failures.size() < 5; i++) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        StringBuilder what = new StringBuilder();
        Path input = mutator.write(i, random, what);
        String name = nameOf.apply(input);
        long size = sizeOf(input);
        long before = allocated();
        long t0 = System.nanoTime();
        try {
          reader.read(input);
          outcomes[0]++;
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
          outcomes[1]++;
          String m = String.valueOf(e.getMessage());
          if (m.contains("\n") || !m.contains(name)) {
            failures.add(format + " case " + i + " (" + what + "): message does not name " + name
                + " in one line: " + m);
          }
        } catch (Throwable t) {
          java.io.StringWriter trace = new java.io.StringWriter();
          t.printStackTrace(new java.io.PrintWriter(trace));
          failures.add(format + " case " + i + " (" + what + "): " + trace.toString().lines().limit(8)
              .reduce("", (a, b) -> a + "\n    " + b));
        }
        long nanos = System.nanoTime() - t0;
        if (nanos > 2_000_000_000L) {
          failures.add(format + " case " + i + " (" + what + "): took " + nanos / 1_000_000 + " ms (a hang)");
          if (Files.isRegularFile(input)) {
            Files.copy(input, Path.of("target", "fuzz-" + format + "-" + i), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        if (nanos > slowest[0]) {
          slowest[0] = nanos;
          slowest[1] = i;
        }
        long used = allocated() - before;
        if (used > ALLOWANCE + PER_BYTE * size) {
          failures.add(format + " case " + i + " (" + what + "): allocated " + used + " bytes for a " + size
              + "-byte input");
        }
      }
    });
    System.out.printf("%s: %d cases, %d read, %d refused in one line; slowest case %d took %.1f ms%n", format, cases,
        outcomes[0], outcomes[1], slowest[1], slowest[0] / 1e6);
    assertThat(failures, empty());
  }

  private Path mutatedFile(String name, byte[] valid, SplittableRandom random, StringBuilder what)
      throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, Mutations.mutate(valid, random, what));
    return f;
  }

  private static MaskSet sample() {
    return io.fullspectrum.schemas.MaskSetFixtures.sample(3);
  }

  @Test
  void npyArraysAreReadOrRefusedInOneLine() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NpyArray.writeFloats(out, new int[] {3, 4, 2, 2}, new float[48]);
    byte[] valid = out.toByteArray();
    fuzz("npy", 1, CASES, (i, r, w) -> mutatedFile("a.npy", valid, r, w), NpyArray::readFile, Path::toString);
  }

  @Test
  void npzStateDictsAreReadOrRefusedInOneLine() throws IOException {
    Path seed = dir.resolve("valid.npz");
    NetworkFiles.writeNpz(sample(), seed);
    byte[] valid = Files.readAllBytes(seed);
    fuzz("npz", 2, CASES, (i, r, w) -> mutatedFile("net.npz", valid, r, w), f -> {
      NetworkFiles.readArrays(f);
      NetworkFiles.read(f);
    }, Path::toString);
  }

  @Test
  void arrowMaskSetsAreReadOrRefusedInOneLine() throws IOException {
    Path seed = dir.resolve("valid.arrow");
    MaskSetArrow.writeFile(sample(), seed);
    byte[] valid = Files.readAllBytes(seed);
    fuzz("arrow", 3, CASES, (i, r, w) -> mutatedFile("m.arrow", valid, r, w), MaskSetArrow::readFile,
        Path::toString);
  }

  @Test
  void anArrowFileOfAnotherSchemaIsRefusedInOneLine() throws IOException {
    Path other = dir.resolve("other.arrow");
    try (var allocator = new org.apache.arrow.memory.RootAllocator();
        var root = org.apache.arrow.vector.VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(
            List.of(org.apache.arrow.vector.types.pojo.Field.nullable("layer",
                new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true)))), allocator);
        var channel = java.nio.channels.FileChannel.open(other, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE);
        var writer = new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null, channel)) {
      root.setRowCount(0);
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    IOException e = Assertions.assertThrows(IOException.class, () -> MaskSetArrow.readFile(other));
    assertThat(e.getMessage(), containsString(other.toString()));
    assertThat(e.getMessage().contains("\n"), equalTo(false));
  }

  @Test
  void aZipBombIsRefusedWithoutInflatingIt() throws IOException {
    Path bomb = dir.resolve("bomb.npz");
    // A 1-d bool array of 400M values, all zero: 400 MB inflated from well under 1 MB.
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
      zip.putNextEntry(new ZipEntry("fc.mask.npy"));
      String header = "{'descr': '|b1', 'fortran_order': False, 'shape': (400000000,), }";
      StringBuilder h = new StringBuilder(header);
      while ((10 + h.length() + 1) % 64 != 0) {
        h.append(' ');
      }
      h.append('\n');
      ByteBuffer pre = ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
      zip.write(pre.array());
      zip.write(h.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 400; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    long before = allocated();
    IOException e = Assertions.assertThrows(IOException.class, () -> NetworkFiles.readArrays(bomb));
    assertThat(e.getMessage(), containsString(bomb.toString()));
    assertThat(e.getMessage(), containsString("zip bomb"));
    // Refused from the entry's header, before its data is inflated.
    assertThat("allocated while refusing", allocated() - before < (8L << 20), equalTo(true));
  }

  private static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  @Test
  void idxFilesAreReadOrRefusedInOneLine() throws IOException {
    byte[] pixels = new byte[5 * 28 * 28];
    new Random(4).nextBytes(pixels);
    byte[] images = idx(0x803, new int[] {5, 28, 28}, pixels);
    byte[] labels = idx(0x801, new int[] {5}, new byte[] {0, 1, 2, 9, 3});
    Path folder = dir.resolve("fmnist");
    Files.createDirectories(folder);
    fuzz("idx", 5, CASES, (i, r, w) -> {
      boolean gz = i % 4 == 3;
      String suffix = gz ? ".gz" : "";
      try (var files = Files.list(folder)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      boolean mutateImages = r.nextBoolean();
      byte[] im = mutateImages ? Mutations.mutate(images, r, w) : images;
      byte[] lb = mutateImages ? labels : Mutations.mutate(labels, r, w);
      w.append(mutateImages ? " in images" : " in labels").append(gz ? " (gz)" : "");
      Files.write(folder.resolve("train-images-idx3-ubyte" + suffix), gz ? gzip(im) : im);
      Files.write(folder.resolve("train-labels-idx1-ubyte" + suffix), gz ? gzip(lb) : lb);
      return folder;
    }, f -> IdxFiles.fashionMnist(f, true), Path::toString);
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void cifarBatchesAreReadOrRefusedInOneLine() throws IOException {
    byte[] batch = new byte[3 * 3073];
    new Random(6).nextBytes(batch);
    for (int r = 0; r < 3; r++) {
      batch[r * 3073] = (byte) r;
    }
    Path folder = dir.resolve("cifar");
    Files.createDirectories(folder);
    fuzz("cifar", 6, CASES, (i, r, w) -> {
      int victim = 1 + r.nextInt(5);
      for (int b = 1; b <= 5; b++) {
        Files.write(folder.resolve("data_batch_" + b + ".bin"), b == victim ? Mutations.mutate(batch, r, w) : batch);
      }
      w.append(" in data_batch_").append(victim);
      return folder;
    }, f -> CifarBinary.cifar10(f, true), Path::toString);
  }

  @Test
  void tinyImageNetFoldersAreReadOrRefusedInOneLine() throws IOException {
    Path folder = dir.resolve("tiny");
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 77);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", png);
    byte[] valid = png.toByteArray();
    byte[] wnids = "n01\nn02\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    fuzz("tiny-imagenet", 7, CASES / 4, (i, r, w) -> {
      for (String c : List.of("n01", "n02")) {
        Files.createDirectories(folder.resolve("train").resolve(c).resolve("images"));
      }
      boolean list = r.nextInt(4) == 0;
      Files.write(folder.resolve("wnids.txt"), list ? Mutations.mutate(wnids, r, w) : wnids);
      Files.write(folder.resolve("train/n01/images/a.png"), list ? valid : Mutations.mutate(valid, r, w));
      Files.write(folder.resolve("train/n02/images/b.png"), valid);
      w.append(list ? " in wnids.txt" : " in an image");
      return folder;
    }, f -> TinyImageNetFolder.read(f, true), Path::toString);
  }
}
