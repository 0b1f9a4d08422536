package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript file as a network: the built-in Fashion-MNIST CNN exported with its seed-1 weights
 * (src/test/resources/torchscript, make.sh) has the built-in's layers and weights and computes the same logits; its
 * batch-norm buffers cross a network state and come back.
 */
class TorchScriptModelTest {
  static final Path CNN = Path.of("src/test/resources/torchscript/fmnist_cnn.pt");
  @TempDir Path dir;

  static String cnn() {
    return TorchScriptModel.spec(CNN, "", "");
  }

  @Test
  void theExportedCnnHasTheBuiltInsPrunableLayersAndInitialWeights() {
    NetworkState model = NetworkSession.initial(cnn(), 10, 1, 28, 28, 99);
    NetworkState builtIn = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 1);
    assertThat(model.prunable().layers().stream().map(LayerRecord::name).toList(),
        contains("conv1", "conv2", "fc1", "classifier"));
    for (int l = 0; l < 4; l++) {
      assertThat(model.prunable().layers().get(l).shape(), equalTo(builtIn.prunable().layers().get(l).shape()));
      assertThat(model.prunable().layers().get(l).weights(), equalTo(builtIn.prunable().layers().get(l).weights()));
    }
  }

  @Test
  void theExportedCnnComputesTheBuiltInsLogits() {
    float[] ours = logits(NetworkSession.initial(cnn(), 10, 1, 28, 28, 0));
    float[] theirs = logits(NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 1));
    double worst = 0;
    for (int i = 0; i < ours.length; i++) {
      worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    }
    assertThat(worst, lessThan(1e-6));
  }

  private static float[] logits(NetworkState state) {
    try (NetworkSession s = NetworkSession.open(state); NDManager m = s.model().getNDManager().newSubManager()) {
      float[] x = new float[8 * 28 * 28];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) Math.sin(i * 0.37);
      }
      NDArray input = m.create(x, new Shape(8, 1, 28, 28));
      return s.network().block().forward(new ParameterStore(m, false), new NDList(input), false).singletonOrThrow()
          .toFloatArray();
    }
  }

  @Test
  void buffersCrossANetworkStateAndComeBack() {
    NetworkState init = NetworkSession.initial(cnn(), 10, 1, 28, 28, 0);
    List<LayerRecord> others = new ArrayList<>();
    for (LayerRecord r : init.others().layers()) {
      float[] v = r.weights().clone();
      if (r.name().equals("bn2.running_mean")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = 0.01f * i;
        }
      }
      others.add(LayerRecord.dense(r.name(), r.shape(), v));
    }
    MaskSet o = init.others();
    NetworkState moved = NetworkState.of(init.architecture(), 10, 1, 28, 28, init.prunable(),
        MaskSet.of(o.generator(), o.seed(), o.sparsity(), o.sampleIndex(), others));
    try (NetworkSession s = NetworkSession.open(moved)) {
      NetworkState back = s.capture(null);
      LayerRecord mean = back.others().layers().stream().filter(r -> r.name().equals("bn2.running_mean"))
          .findFirst().orElseThrow();
      assertThat(mean.weights()[10], equalTo(0.01f * 10));
    }
  }

  @Test
  void aFileThatIsNotTorchScriptIsOneLine() throws Exception {
    Path bad = dir.resolve("weights.pt");
    Files.writeString(bad, "not a model");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TorchScriptModel.of(TorchScriptModel.spec(bad, "", "")));
    assertThat(e.getMessage(), startsWith(bad.toAbsolutePath() + ": not a TorchScript file"));
  }
}
