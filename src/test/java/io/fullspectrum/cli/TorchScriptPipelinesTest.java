package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.fullspectrum.config.Preset;
import io.fullspectrum.runs.ResultRow;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.schemas.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model the project has no built-in for, as a TorchScript file (src/test/resources/torchscript: a residual add
 * around a depthwise conv; a three-layer perceptron), through whole pipelines: PAGS with n = 20 and a one-epoch
 * fine-tune, and the mask pipeline's {@code .npz} in PyTorch's names.
 */
class TorchScriptPipelinesTest {
  private static final String RESIDUAL = "src/test/resources/torchscript/residual_dw.pt";
  private static final String MLP = "src/test/resources/torchscript/mlp.pt";
  @TempDir Path dir;

  private static String run(Preset preset, boolean mask) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    if (mask) {
      new MaskCommand(preset, out).run();
    } else {
      new PagsCommand(preset, out).run();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pagsOnAResidualDepthwiseModelDrawsTwentyMasksAndFineTunesWithMaskedWeightsExactlyZero() throws IOException {
    Path out = dir.resolve("run");
    run(Preset.load("pags", List.of("model=" + RESIDUAL, "data=synthetic", "data.synthetic.shape=1,28,28",
        "data.synthetic.size=256", "generator=snip", "sparsity=0.8", "samples=20", "save.every=10",
        "score.batches=1", "score.batch.size=32", "baseline.batches=1", "finetune.epochs=1",
        "finetune.batch.size=32", "finetune.selections=final", "output=" + out), Map.of()), false);
    assertThat("a row a layer of each of the 21 draws", Files.readAllLines(out.resolve("samples.csv")).size(),
        equalTo(1 + 21 * 4));
    MaskSet selected = MaskSetArrow.readFile(out.resolve("best.arrow"));
    MaskSet tuned = MaskSetArrow.readFile(out.resolve("finetuned-selected.arrow"));
    assertThat(tuned.layers().stream().map(LayerRecord::name).toList(),
        equalTo(List.of("stem", "depthwise", "pointwise", "head")));
    long masked = 0;
    long moved = 0;
    for (int l = 0; l < tuned.layers().size(); l++) {
      byte[] m = selected.layers().get(l).mask();
      float[] w = tuned.layers().get(l).weights();
      for (int i = 0; i < w.length; i++) {
        if (m[i] == 0) {
          masked++;
          // Zero as a number (a masked negative weight times zero is -0.0).
          assertThat(tuned.layers().get(l).name() + " weight " + i + " = " + w[i], w[i] == 0f, equalTo(true));
        } else {
          moved += w[i] != 0 ? 1 : 0;
        }
      }
    }
    assertThat(masked, greaterThan(0L));
    assertThat(moved, greaterThan(0L));
    assertThat(Files.readString(out.resolve("results.csv")), containsString("selected"));
  }

  private Path pags(String runner, int parallelism) throws IOException {
    Path out = dir.resolve(runner + "-" + parallelism);
    run(Preset.load("pags", List.of("model=" + RESIDUAL, "data=synthetic", "data.synthetic.shape=1,28,28",
        "data.synthetic.size=128", "generator=grasp", "sparsity=0.8", "samples=6", "save.every=3",
        "score.batches=1", "score.batch.size=16", "baseline.batches=1", "finetune.epochs=1", "finetune.batch.size=32",
        "runner=" + runner, "parallelism=" + String.valueOf(parallelism), "output=" + out), Map.of()), false);
    return out;
  }

  @Test
  void aModelFileSelectsTheSameMasksOnFlinkAsOnTheDirectRunner() throws IOException {
    Path direct = pags("direct", 0);
    Path flink = pags("flink-local", 2);
    for (String file : List.of("best.arrow", "masks/baseline.arrow", "masks/best-3.arrow", "samples.csv")) {
      assertThat(file, Files.readAllBytes(flink.resolve(file)), equalTo(Files.readAllBytes(direct.resolve(file))));
    }
  }

  private ResultRow baseline(String network, String name) throws IOException {
    Path out = dir.resolve(name);
    run(Preset.load("pai", List.of(network, "data=synthetic", "data.synthetic.shape=1,28,28",
        "data.synthetic.size=1024", "generator=magnitude", "sparsity=0.5", "seed=1", "finetune.epochs=1",
        "finetune.batch.size=32", "output=" + out), Map.of()), false);
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    return ResultRow.parse("results.csv", rows.get(1));
  }

  /** The built-in CNN exported with its seed-1 weights fine-tunes as the built-in does: same mask, same accuracy. */
  @Test
  void theExportedCnnFineTunesToTheBuiltInsAccuracyAfterOneEpoch() throws IOException {
    ResultRow viaModel = baseline("model=src/test/resources/torchscript/fmnist_cnn.pt", "model");
    ResultRow builtIn = baseline("architecture=fmnist-cnn", "built-in");
    assertThat(viaModel.achievedSparsity(), equalTo(builtIn.achievedSparsity()));
    assertThat(viaModel.testAccuracy(), closeTo(builtIn.testAccuracy(), 0.02));
    assertThat(viaModel.testAccuracy(), greaterThan(0.3));
  }

  @Test
  void theMaskPipelineWritesAPerceptronsMasksUnderPyTorchsNames() throws IOException {
    Path npz = dir.resolve("mlp-mask.npz");
    String printed = run(Preset.load("mask", List.of("model=" + MLP, "generator=magnitude", "sparsity=0.9",
        "output=" + npz), Map.of()), true);
    Map<String, NpyArray> arrays = NetworkFiles.readArrays(npz);
    assertThat(arrays.keySet(), equalTo(java.util.Set.of("hidden1.weight_mask", "hidden2.weight_mask",
        "out.weight_mask", "hidden1.weight_score", "hidden2.weight_score", "out.weight_score")));
    assertThat(arrays.get("hidden1.weight_mask").shape(), equalTo(new int[] {64, 784}));
    assertThat(printed, containsString("magnitude mask of"));
  }
}
