package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.config.Preset;
import io.fullspectrum.schemas.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own model and data ({@code model=}, {@code data=npy}): the arrays a user saves with NumPy train a
 * TorchScript perceptron; and each bad input is one line naming the problem, with no run folder left behind.
 */
class TorchScriptInputsTest {
  private static final String MLP = "src/test/resources/torchscript/mlp.pt";
  private static final String CNN = "src/test/resources/torchscript/fmnist_cnn.pt";
  @TempDir Path dir;

  /** A labels array as numpy.save writes an int64 vector. */
  static void writeLabels(Path file, long[] labels) throws IOException {
    String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + labels.length + ",), }";
    int pad = 64 - (10 + header.length() + 1) % 64;
    header = header + " ".repeat(pad % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (long l : labels) {
      b.putLong(l);
    }
    Files.write(file, b.array());
  }

  /** Seeded 1x28x28 samples whose class lights two rows, and their labels, as four .npy files. */
  static Path npyFolder(Path dir, int train, int test, int classes) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom r = new SplittableRandom(5);
    for (String split : List.of("train", "test")) {
      int n = split.equals("train") ? train : test;
      float[] x = new float[n * 28 * 28];
      long[] y = new long[n];
      for (int i = 0; i < n; i++) {
        y[i] = r.nextInt(classes);
        for (int k = 0; k < 28 * 28; k++) {
          // Class c lights rows 2c+1 and 2c+2: a pattern a linear layer separates.
          int row = k / 28;
          boolean lit = row == 2 * y[i] + 1 || row == 2 * y[i] + 2;
          x[i * 784 + k] = (float) ((lit ? 1.5 : 0) + r.nextGaussian() * 0.3);
        }
      }
      try (OutputStream out = Files.newOutputStream(dir.resolve(split + "_x.npy"))) {
        NpyArray.writeFloats(out, new int[] {n, 1, 28, 28}, x);
      }
      writeLabels(dir.resolve(split + "_y.npy"), y);
    }
    return dir;
  }

  private Exception failure(String pipeline, String... settings) {
    Path out = dir.resolve("run");
    List<String> args = new ArrayList<>(List.of(settings));
    args.add("output=" + out);
    Exception e = assertThrows(Exception.class, () -> new PagsCommand(Preset.load(pipeline, args, Map.of()),
        new PrintStream(OutputStream.nullOutputStream())).run());
    assertThat("no run folder is left behind", Files.exists(out), equalTo(false));
    assertThat("one line", e.getMessage().contains("\n"), equalTo(false));
    return e;
  }

  @Test
  void aPerceptronTrainsOnTheUsersOwnNpyArrays() throws IOException {
    Path data = npyFolder(dir.resolve("data"), 512, 128, 10);
    Path out = dir.resolve("run");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new PagsCommand(Preset.load("pai", List.of("model=" + MLP, "data=npy", "data.path=" + data,
        "generator=snip", "sparsity=0.5", "score.batches=1", "score.batch.size=32", "baseline.batches=2",
        "finetune.epochs=3", "finetune.batch.size=32", "output=" + out), Map.of()),
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String results = Files.readString(out.resolve("results.csv"));
    assertThat(results, containsString("baseline"));
    double accuracy = io.fullspectrum.runs.ResultRow.parse("results.csv", results.lines().skip(1).findFirst()
        .orElseThrow()).testAccuracy();
    assertThat("learnt from the arrays: " + accuracy, accuracy > 0.3, equalTo(true));
  }

  @Test
  void aFileThatIsNotTorchScriptIsOneLine() throws IOException {
    Path bad = dir.resolve("weights.pt");
    Files.writeString(bad, "a state dict, not a scripted module");
    assertThat(failure("pai", "model=" + bad).getMessage(), startsWith(bad.toAbsolutePath()
        + ": not a TorchScript file"));
  }

  @Test
  void aModelWithNoPrunableWeightsIsOneLine() {
    assertThat(failure("pai", "model=" + MLP, "prune.include=nothing-matches").getMessage(),
        containsString("has no prunable weights (conv or linear .weight parameters matching prune.include / "
            + "prune.exclude; its parameters: hidden1.weight, hidden1.bias"));
  }

  @Test
  void dataOfAShapeTheModelRejectsIsOneLineNamingBoth() {
    assertThat(failure("pai", "model=" + CNN, "data=synthetic", "data.synthetic.shape=3,32,32").getMessage(),
        containsString("rejects data of shape 3x32x32 (its first prunable layer conv1 takes 1 input channels "
            + "(weight [32, 1, 3, 3]))"));
  }

  @Test
  void labelsBeyondTheModelsOutputsAreOneLine() throws IOException {
    Path data = npyFolder(dir.resolve("data12"), 64, 16, 12);
    assertThat(failure("pai", "model=" + MLP, "data=npy", "data.path=" + data).getMessage(),
        containsString("has labels up to 11, but the model gives 10 outputs"));
  }

  @Test
  void aMaskOfAnotherModelNamesTheFirstLayerThatDoesNotMatch() throws IOException {
    Path mask = dir.resolve("cnn-mask.npz");
    new MaskCommand(Preset.load("mask", List.of("model=" + CNN, "generator=magnitude", "sparsity=0.9",
        "output=" + mask), Map.of()), new PrintStream(OutputStream.nullOutputStream())).run();
    Path arrow = dir.resolve("cnn-mask.arrow");
    String message = failure("pai", "model=" + MLP, "data=synthetic", "data.synthetic.shape=1,28,28",
        "mask=" + arrow).getMessage();
    assertThat(message, containsString("mask set has no layer 'hidden1' of model:"));
    assertThat(message, containsString("(its layers: hidden1, hidden2, out; the mask set's: conv1, conv2, fc1, "
        + "classifier)"));
  }
}
