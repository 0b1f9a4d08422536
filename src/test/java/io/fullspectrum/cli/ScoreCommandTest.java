package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullspectrum.config.Preset;
import io.fullspectrum.runs.ScoreCsv;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.schemas.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code score} command end to end: files in, CSV out, errors that name the file and layer. */
class ScoreCommandTest {
  @TempDir Path dir;

  /** The six golden layers at one sparsity, as a network, with the authors' official values per layer. */
  private static MaskSet goldenNetwork(String sample, List<double[]> expected) throws IOException {
    JsonNode golden;
    try (InputStream in = ScoreCommandTest.class.getResourceAsStream("/golden/golden.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    List<LayerRecord> layers = new ArrayList<>();
    for (JsonNode c : golden.get("cases")) {
      if (!c.get("case").asText().endsWith("|" + sample)) {
        continue;
      }
      float[] w = array(c.get("weight_file").asText()).toFloats();
      NpyArray maskArray = array(c.get("mask_file").asText());
      layers.add(LayerRecord.of(c.get("layer").asText(), maskArray.shape(), w, maskArray.toMask()));
      JsonNode o = c.get("official");
      expected.add(new double[] {num(o.get("delta_r")), num(o.get("delta_r_imdb")), num(o.get("lambda")),
          num(o.get("lambda_imsg")), num(o.get("full_spectrum_magnitude"))});
    }
    return MaskSet.of("golden", 0, 0.9, 0, layers);
  }

  private static NpyArray array(String file) throws IOException {
    try (InputStream in = ScoreCommandTest.class.getResourceAsStream("/golden/" + file)) {
      return NpyArray.read(in, file);
    }
  }

  private static double num(JsonNode n) {
    return n.isTextual() ? Double.parseDouble(n.asText().replace("inf", "Infinity")) : n.asDouble();
  }

  private Path score(Map<String, String> overrides) throws IOException {
    List<String> args = new ArrayList<>();
    overrides.forEach((k, v) -> args.add(k + "=" + v));
    Preset preset = Preset.load("score", args, Map.of());
    return new ScoreCommand(preset, new PrintStream(OutputStream.nullOutputStream())).run();
  }

  private static List<String[]> rows(Path csv) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      rows.add(line.split(","));
    }
    return rows;
  }

  private static double parse(String cell) {
    return cell.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(cell);
  }

  @Test
  void anNpzNetworkIsScoredToTheAuthorsValuesInInputOrder() throws IOException {
    List<double[]> expected = new ArrayList<>();
    MaskSet network = goldenNetwork("s0.9_sample0", expected);
    Path npz = dir.resolve("net.npz");
    NetworkFiles.writeNpz(network, npz);
    List<String[]> rows = rows(score(Map.of("input", npz.toString(), "output", dir.resolve("o.csv").toString())));
    assertThat(String.join(",", rows.get(0)), equalTo(ScoreCsv.HEADER));
    assertThat(rows, hasSize(1 + network.layers().size()));
    for (int i = 0; i < expected.size(); i++) {
      String[] row = rows.get(i + 1);
      assertThat(row[0], equalTo(network.layers().get(i).name()));
      for (int k = 0; k < 5; k++) {
        double want = expected.get(i)[k];
        double got = parse(row[4 + k]);
        assertThat(row[0] + " column " + k, Math.abs(got - want) <= Math.max(1e-4, 1e-5 * Math.abs(want)),
            equalTo(true));
      }
    }
  }

  @Test
  void anArrowMaskSetScoresExactlyLikeTheSameNpz() throws IOException {
    MaskSet network = goldenNetwork("s0.5_sample0", new ArrayList<>());
    Path npz = dir.resolve("net.npz");
    Path arrow = dir.resolve("net.arrow");
    NetworkFiles.writeNpz(network, npz);
    MaskSetArrow.writeFile(network, arrow);
    Path a = score(Map.of("input", npz.toString(), "output", dir.resolve("a.csv").toString()));
    Path b = score(Map.of("input", arrow.toString(), "output", dir.resolve("b.csv").toString()));
    assertThat(Files.readString(b), equalTo(Files.readString(a)));
  }

  @Test
  void aReferenceAddsADistanceColumnThatIsZeroForTheSameNetwork() throws IOException {
    MaskSet network = goldenNetwork("s0.5_sample0", new ArrayList<>());
    Path npz = dir.resolve("net.npz");
    NetworkFiles.writeNpz(network, npz);
    List<String[]> rows = rows(score(Map.of("input", npz.toString(), "reference", npz.toString(),
        "output", dir.resolve("d.csv").toString())));
    assertThat(rows.get(0)[9], equalTo("distance"));
    for (String[] row : rows.subList(1, rows.size())) {
      assertThat(parse(row[9]), equalTo(0.0));
    }
  }

  @Test
  void aReferenceDifferingInOneLayerHasDistanceOnlyThere() throws IOException {
    MaskSet a = goldenNetwork("s0.5_sample0", new ArrayList<>());
    MaskSet sparser = goldenNetwork("s0.9_sample0", new ArrayList<>());
    List<LayerRecord> mixed = new ArrayList<>(a.layers());
    mixed.set(2, sparser.layers().get(2));
    Path pa = dir.resolve("a.npz");
    Path pb = dir.resolve("b.npz");
    NetworkFiles.writeNpz(a, pa);
    NetworkFiles.writeNpz(MaskSet.of("x", 0, 0.5, 0, mixed), pb);
    List<String[]> rows = rows(score(Map.of("input", pa.toString(), "reference", pb.toString(),
        "output", dir.resolve("d.csv").toString())));
    for (int i = 1; i < rows.size(); i++) {
      double d = parse(rows.get(i)[9]);
      assertThat(rows.get(i)[0], d > 0, equalTo(i == 3));
    }
  }

  @Test
  void anAllZeroLayerGetsTheDocumentedDegenerateRow() throws IOException {
    float[] w = new float[16 * 27];
    Path npz = dir.resolve("zero.npz");
    NetworkFiles.writeNpz(MaskSet.of("x", 0, 0, 0, List.of(
        LayerRecord.of("dead", new int[] {16, 3, 3, 3}, w, new byte[w.length]))), npz);
    String[] row = rows(score(Map.of("input", npz.toString(), "output", dir.resolve("z.csv").toString()))).get(1);
    assertThat(String.join(",", row), equalTo("dead,27,16,0,inf,0.0,inf,0.0,0.0"));
  }

  @Test
  void theEmbeddedExampleHitsItsSparsityAndScoresEveryLayer() throws IOException {
    List<String[]> rows = rows(score(Map.of("architecture", "fmnist-cnn", "sparsity", "0.9",
        "output", dir.resolve("e.csv").toString())));
    assertThat(rows, hasSize(5));
    long edges = 0;
    for (String[] row : rows.subList(1, rows.size())) {
      edges += Long.parseLong(row[3]);
    }
    long total = 32 * 9 + 64 * 32 * 9 + 128 * 3136 + 10 * 128;
    assertThat(edges, equalTo((long) Math.floor(0.1 * total + 1e-9)));
  }

  @Test
  void aMissingInputIsNamed() {
    Path missing = dir.resolve("nope.npz");
    IOException e = assertThrows(IOException.class,
        () -> score(Map.of("input", missing.toString(), "output", dir.resolve("x.csv").toString())));
    assertThat(e.getMessage(), containsString(missing.toString()));
  }

  @Test
  void aMaskWhoseShapeDiffersFromItsWeightNamesFileAndLayer() throws IOException {
    Path npz = dir.resolve("bad.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
      zip.putNextEntry(new ZipEntry("conv1.weight.npy"));
      NpyArray.writeFloats(zip, new int[] {4, 2, 3, 3}, new float[72]);
      zip.putNextEntry(new ZipEntry("conv1.mask.npy"));
      NpyArray.writeMask(zip, new int[] {4, 2, 3, 2}, new byte[48]);
    }
    IOException e = assertThrows(IOException.class,
        () -> score(Map.of("input", npz.toString(), "output", dir.resolve("x.csv").toString())));
    assertThat(e.getMessage(), startsWith(npz.toString()));
    assertThat(e.getMessage(), containsString("layer conv1"));
    assertThat(e.getMessage(), containsString("mask shape"));
  }

  @Test
  void aNanWeightNamesFileAndLayer() throws IOException {
    float[] w = new float[64];
    java.util.Arrays.fill(w, 0.5f);
    w[9] = Float.NaN;
    Path npz = dir.resolve("nan.npz");
    NetworkFiles.writeNpz(MaskSet.of("x", 0, 0, 0,
        List.of(LayerRecord.dense("fc", new int[] {8, 8}, w))), npz);
    IOException e = assertThrows(IOException.class,
        () -> score(Map.of("input", npz.toString(), "output", dir.resolve("x.csv").toString())));
    assertThat(e.getMessage(), startsWith(npz.toString()));
    assertThat(e.getMessage(), containsString("layer fc"));
    assertThat(e.getMessage(), containsString("NaN"));
  }

  @Test
  void anUnknownKeyIsRejectedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preset.load("score", List.of("sparsty=0.5"), Map.of()));
    assertThat(e.getMessage(), containsString("unknown key 'sparsty'"));
    assertThat(e.getMessage(), containsString("sparsity"));
  }

  @Test
  void theCommandLinePrintsOneLineAndNoStackTraceOnBadInput() throws Exception {
    Path missing = dir.resolve("missing.npz");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "pipeline=score",
        "input=" + missing).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(), equalTo(2));
    String text = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(text.lines().count(), equalTo(1L));
    assertThat(text, equalTo("fullspectrum: error: " + missing + ": no such file"));
  }
}
