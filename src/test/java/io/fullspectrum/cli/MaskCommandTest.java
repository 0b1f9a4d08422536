package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.config.Preset;
import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.schemas.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code mask} pipeline: a PyTorch state dict and scoring batches in, the authors' masks out. */
class MaskCommandTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/generators");
  static final List<String> LAYERS = List.of("conv1", "conv2", "fc1", "classifier");
  @TempDir Path dir;

  private String run(String... settings) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new MaskCommand(Preset.load("mask", List.of(settings), Map.of()),
        new PrintStream(text, true, StandardCharsets.UTF_8)).run();
    return text.toString(StandardCharsets.UTF_8);
  }

  private List<String> golden(String generator, Path output) {
    return new ArrayList<>(List.of("input=" + GOLDEN.resolve("network.npz"), "architecture=fmnist-cnn",
        "generator=" + generator, "sparsity=0.98", "batches=" + GOLDEN.resolve("inputs.npy"),
        "labels=" + GOLDEN.resolve("labels.npy"), "output=" + output));
  }

  @ParameterizedTest
  @ValueSource(strings = {"snip", "grasp"})
  void theCommandLineReproducesTheAuthorsMasksAndScores(String generator) throws IOException {
    Path out = dir.resolve(generator + ".npz");
    run(golden(generator, out).toArray(new String[0]));
    Map<String, NpyArray> ours = NetworkFiles.readArrays(out);
    Map<String, NpyArray> theirs = NetworkFiles.readArrays(GOLDEN.resolve(generator + ".npz"));
    int differ = 0;
    double maxDiff = 0;
    double maxScore = 0;
    for (String layer : LAYERS) {
      byte[] a = ours.get(layer + ".weight_mask").toMask();
      byte[] b = theirs.get(layer + ".mask").toMask();
      for (int i = 0; i < a.length; i++) {
        differ += a[i] != b[i] ? 1 : 0;
      }
      float[] s = ours.get(layer + ".weight_score").toFloats();
      float[] t = theirs.get(layer + ".score").toFloats();
      for (int i = 0; i < s.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(s[i] - t[i]));
        maxScore = Math.max(maxScore, Math.abs(t[i]));
      }
    }
    // We keep exactly k = 8,428; the authors' strict '>' keeps k - 1: their k-th weight is our one extra.
    assertThat(differ, lessThanOrEqualTo(5));
    assertThat(maxDiff / maxScore, lessThan(1e-4));
    MaskSet arrow = MaskSetArrow.readFile(dir.resolve(generator + ".arrow"));
    assertThat(arrow.keptWeights(), equalTo(8428L));
  }

  @Test
  void masksAreWrittenAsBoolArraysThatPyTorchPruningTakes() throws IOException {
    Path out = dir.resolve("m.npz");
    run(golden("snip", out).toArray(new String[0]));
    byte[] header = new byte[128];
    try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(out))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null && !e.getName().equals("conv1.weight_mask.npy")) {
        // skip to the mask
      }
      zip.readNBytes(header, 0, header.length);
    }
    assertThat(new String(header, StandardCharsets.ISO_8859_1), containsString("'descr': '|b1'"));
  }

  @Test
  void withSamplesEveryLayerOfTheSelectionMovesAtLeastAsFarAsTheBaselines() throws IOException {
    Path base = dir.resolve("base.npz");
    Path pags = dir.resolve("pags.npz");
    List<String> common = List.of("data=synthetic", "data.synthetic.size=256", "score.batches=2",
        "score.batch.size=32", "seed=3");
    List<String> a = golden("snip", base);
    a.addAll(common);
    run(a.toArray(new String[0]));
    List<String> b = golden("snip", pags);
    b.addAll(common);
    b.add("samples=6");
    String printed = run(b.toArray(new String[0]));
    assertThat(printed, containsString("PAGS over 6 draws"));
    FullSpectrumCoordinate before = NetworkScorer.sparse().score(MaskSetArrow.readFile(dir.resolve("base.arrow"))
        .layers());
    FullSpectrumCoordinate after = NetworkScorer.sparse().score(MaskSetArrow.readFile(dir.resolve("pags.arrow"))
        .layers());
    for (int l = 0; l < LAYERS.size(); l++) {
      assertThat(LAYERS.get(l), after.layers().get(l).magnitude(),
          greaterThanOrEqualTo(before.layers().get(l).magnitude()));
    }
  }

  /** The golden state dict with one array changed ({@code null} drops it). */
  private Path stateDictWith(String key, int[] shape, float[] values) throws IOException {
    Map<String, NpyArray> arrays = NetworkFiles.readArrays(GOLDEN.resolve("network.npz"));
    Path out = dir.resolve("edited.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      Map<String, Object[]> entries = new LinkedHashMap<>();
      arrays.forEach((k, v) -> entries.put(k, new Object[] {v.shape(), v.toFloats()}));
      if (values == null) {
        entries.remove(key);
      } else {
        entries.put(key, new Object[] {shape, values});
      }
      for (Map.Entry<String, Object[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        NpyArray.writeFloats(zip, (int[]) e.getValue()[0], (float[]) e.getValue()[1]);
        zip.closeEntry();
      }
    }
    return out;
  }

  private String error(List<String> settings) {
    return assertThrows(IllegalArgumentException.class, () -> run(settings.toArray(new String[0]))).getMessage();
  }

  @Test
  void aStateDictMissingABatchNormStatisticIsOneLineNamingFileAndKey() throws IOException {
    Path edited = stateDictWith("bn2.running_var", null, null);
    List<String> s = golden("snip", dir.resolve("o.npz"));
    s.set(0, "input=" + edited);
    assertThat(error(s), equalTo(edited + ": missing bn2.running_var of fmnist-cnn"));
  }

  @Test
  void aWeightOfTheWrongShapeIsOneLineNamingBothShapes() throws IOException {
    Path edited = stateDictWith("fc1.weight", new int[] {128, 3000}, new float[128 * 3000]);
    List<String> s = golden("snip", dir.resolve("o.npz"));
    s.set(0, "input=" + edited);
    assertThat(error(s), equalTo(edited + ": fc1.weight has shape [128, 3000], fmnist-cnn needs [128, 3136]"));
  }

  @Test
  void aLabelOutOfRangeIsOneLineNamingTheLabelsFile() throws IOException {
    Path labels = dir.resolve("labels.npy");
    long[] values = NpyArray.readFile(GOLDEN.resolve("labels.npy")).toLongs();
    float[] asFloat = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      asFloat[i] = values[i];
    }
    // Written as float32: the command asks for integers first.
    try (OutputStream o = Files.newOutputStream(labels)) {
      NpyArray.writeFloats(o, new int[] {4, 16}, asFloat);
    }
    List<String> s = golden("snip", dir.resolve("o.npz"));
    s.set(5, "labels=" + labels);
    assertThat(error(s), equalTo(labels + ": labels must be integers"));
    Path tooBig = dir.resolve("labels12.npy");
    Files.write(tooBig, npyInt64(new int[] {4, 16}, 12));
    s.set(5, "labels=" + tooBig);
    assertThat(error(s), equalTo(tooBig + ": label 12 at index 0 is outside [0, 10)"));
  }

  /** An int64 .npy of the shape, every value {@code v}. */
  private static byte[] npyInt64(int[] shape, long v) {
    int n = shape[0] * shape[1];
    String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + shape[0] + ", " + shape[1] + "), }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 8 * n)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < n; i++) {
      b.putLong(v);
    }
    return b.array();
  }
}
