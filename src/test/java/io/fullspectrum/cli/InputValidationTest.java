package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.config.PagsConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.runs.RunState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad settings stop a run with one line naming the problem, before anything in the output folder changes. */
class InputValidationTest {
  @TempDir Path dir;

  private Exception failure(String... settings) throws IOException {
    Path out = dir.resolve("run");
    Files.createDirectories(out);
    Path earlier = out.resolve("results.json");
    Files.writeString(earlier, "{\"earlier\": true}\n");
    List<String> args = new ArrayList<>(List.of(settings));
    args.add("output=" + out);
    Exception e = assertThrows(Exception.class, () -> {
      Preset preset = Preset.load("pegs", args, Map.of());
      new PagsCommand(preset, new PrintStream(OutputStream.nullOutputStream())).run();
    });
    assertThat("earlier output untouched", Files.readString(earlier), equalTo("{\"earlier\": true}\n"));
    try (var files = Files.list(out)) {
      assertThat("nothing written", files.count(), equalTo(1L));
    }
    return e;
  }

  @Test
  void anUnknownPipelineIsNamedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preset.load("pegz", List.of(), Map.of()));
    assertThat(e.getMessage(), containsString("unknown pipeline 'pegz'; known: [pegs, pags, pai"));
  }

  @Test
  void anUnknownPresetKeyIsNamed() throws IOException {
    assertThat(failure("sampels=10").getMessage(), containsString("unknown key 'sampels' for pipeline pegs"));
  }

  @Test
  void aSparsityOutsideZeroOneIsNamed() throws IOException {
    assertThat(failure("sparsity=1.5").getMessage(), equalTo("sparsity=1.5 is outside (0, 1)"));
    assertThat(failure("sparsity=0").getMessage(), equalTo("sparsity=0 is outside (0, 1)"));
  }

  @Test
  void fewerThanOneDrawIsNamed() throws IOException {
    assertThat(failure("samples=0").getMessage(),
        equalTo("samples=0: n must be at least 1 (pipeline=pai gives the generator's mask alone)"));
  }

  @Test
  void aSaveIntervalBelowOneIsNamed() throws IOException {
    assertThat(failure("save.every=0").getMessage(), equalTo("save.every=0 must be at least 1"));
  }

  @Test
  void aNonNumberIsNamed() throws IOException {
    assertThat(failure("samples=many").getMessage(), equalTo("samples=many is not an integer"));
  }

  @Test
  void anUnknownGeneratorIsNamed() throws IOException {
    assertThat(failure("generator=snipp").getMessage(), containsString("unknown generator 'snipp'"));
  }

  @Test
  void aMissingDatasetFolderIsNamed() throws IOException {
    Path missing = dir.resolve("no-such-data");
    Exception e = assertThrows(Exception.class,
        () -> new io.fullspectrum.nn.data.DataSpec("fashion-mnist", missing.toString(), 0).load(true));
    assertThat(e.getMessage(), containsString(missing.resolve("train-images-idx3-ubyte") + "[.gz]"));
    assertThat(e.getMessage(), containsString("sudo apt-get install dataset-fashion-mnist"));
  }

  private static io.fullspectrum.schemas.MaskSet cnnMasks(int[] conv2Shape) {
    io.fullspectrum.nn.Architecture arch = io.fullspectrum.nn.Architecture.of("fmnist-cnn", 10);
    List<io.fullspectrum.schemas.LayerRecord> layers = new ArrayList<>();
    for (String name : arch.layerNames()) {
      int[] shape = name.equals("conv2") ? conv2Shape : arch.shape(name);
      int n = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      byte[] mask = new byte[n];
      for (int i = 0; i < n; i += 10) {
        mask[i] = 1;
      }
      layers.add(io.fullspectrum.schemas.LayerRecord.of(name, shape, null, mask));
    }
    return io.fullspectrum.schemas.MaskSet.of("external", 0, 0.9, 0, layers);
  }

  @Test
  void aMaskFileWhoseLayersDoNotMatchTheNetworkIsNamedWithItsLayer() throws IOException {
    Path file = dir.resolve("wrong.arrow");
    io.fullspectrum.schemas.MaskSetArrow.writeFile(cnnMasks(new int[] {64, 16, 3, 3}), file);
    Path out = dir.resolve("pai-run");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PagsCommand(
        Preset.load("pai", List.of("mask=" + file, "output=" + out), Map.of()),
        new PrintStream(OutputStream.nullOutputStream())).run());
    assertThat(e.getMessage(), equalTo(file + ": layer conv2: mask shape [64, 16, 3, 3] differs from the network's "
        + "[64, 32, 3, 3]"));
    assertThat(Files.exists(out), equalTo(false));
  }

  @Test
  void aCorruptMaskFileIsNamed() throws IOException {
    Path file = dir.resolve("corrupt.arrow");
    io.fullspectrum.schemas.MaskSetArrow.writeFile(cnnMasks(new int[] {64, 32, 3, 3}), file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PagsConfig.from(
        Preset.load("pai", List.of("mask=" + file), Map.of())));
    assertThat(e.getMessage(), containsString(file + ": not a readable FullSpectrum mask set"));
  }

  @Test
  void aMaskFileIsFineTunedAsTheBaseline() throws IOException {
    Path file = dir.resolve("mine.arrow");
    io.fullspectrum.schemas.MaskSet mine = cnnMasks(new int[] {64, 32, 3, 3});
    io.fullspectrum.schemas.MaskSetArrow.writeFile(mine, file);
    Path out = dir.resolve("pai-mine");
    new PagsCommand(Preset.load("pai", List.of("mask=" + file, "output=" + out, "data=synthetic",
        "data.synthetic.size=128", "finetune.epochs=1", "finetune.batch.size=32"), Map.of()),
        new PrintStream(OutputStream.nullOutputStream())).run();
    io.fullspectrum.schemas.MaskSet used = io.fullspectrum.schemas.MaskSetArrow.readFile(
        out.resolve("masks/baseline.arrow"));
    for (int l = 0; l < mine.layers().size(); l++) {
      assertThat(used.layers().get(l).mask(), equalTo(mine.layers().get(l).mask()));
    }
    assertThat(Files.readString(out.resolve("results.json")), containsString("\"baseline\""));
  }

  @Test
  void aFolderHoldingARunIsNotOverwritten() throws IOException {
    Path out = dir.resolve("done");
    Files.createDirectories(out);
    Files.writeString(out.resolve(RunState.RUN), "pipeline=pegs\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PagsCommand(
        Preset.load("pegs", List.of("output=" + out), Map.of()), new PrintStream(OutputStream.nullOutputStream()))
        .run());
    assertThat(e.getMessage(), containsString("already holds a run; resume it with resume=" + out));
  }
}
