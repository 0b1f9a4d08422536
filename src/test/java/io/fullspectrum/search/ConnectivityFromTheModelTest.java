package io.fullspectrum.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.PathProbe;
import io.fullspectrum.nn.TorchScriptModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Effective sparsity measured on the model itself (one forward and backward pass of an all-ones input through the
 * masked absolute weights, {@link PathProbe}) equals the layer-graph walk on the built-in networks, and works on a
 * TorchScript model whose graph is unknown, residual add and depthwise conv included.
 */
class ConnectivityFromTheModelTest {
  private static final Path CNN = Path.of("src/test/resources/torchscript/fmnist_cnn.pt");
  private static final Path RESIDUAL = Path.of("src/test/resources/torchscript/residual_dw.pt");

  /** Seeded masks keeping {@code density} of each layer, so that deep layers disconnect channels. */
  private static List<byte[]> masks(Architecture arch, double density, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (String name : arch.layerNames()) {
      int n = Arrays.stream(arch.shape(name)).reduce(1, (a, b) -> a * b);
      byte[] m = new byte[n];
      for (int i = 0; i < n; i++) {
        m[i] = (byte) (r.nextDouble() < density ? 1 : 0);
      }
      out.add(m);
    }
    return out;
  }

  private static long[] probed(String arch, int[] chw, List<byte[]> masks) {
    List<boolean[]> on = PathProbe.of(arch, 10, chw).measure(masks).onPath();
    long[] counts = new long[on.size()];
    for (int l = 0; l < counts.length; l++) {
      for (boolean b : on.get(l)) {
        counts[l] += b ? 1 : 0;
      }
    }
    return counts;
  }

  @Test
  void onTheBuiltInCnnTheModelsPathsAreTheGraphWalks() {
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    for (double density : new double[] {0.02, 0.005, 0.001}) {
      List<byte[]> masks = masks(arch, density, 7);
      long[] walked = Connectivity.of("fmnist-cnn", 10).effective(masks).effectiveByLayer();
      assertThat("density " + density, probed("fmnist-cnn", new int[] {1, 28, 28}, masks), equalTo(walked));
    }
  }

  /**
   * On ResNet-18 the model's paths are the graph walk's but for a handful of weights the walk over-counts: it works
   * on channels, the model on weights, and where a sparse 3x3 kernel on layer4's 4x4 maps only ever reads zero
   * padding of a channel, that weight carries nothing from the input although its channels are joined.
   */
  @Test
  void onTheBuiltInResNet18TheModelsPathsAreTheGraphWalksToWithinAFewWeightsOfLayer4() {
    Architecture arch = Architecture.of("resnet18", 10);
    for (double density : new double[] {0.01, 0.002}) {
      List<byte[]> masks = masks(arch, density, 11);
      long[] walked = Connectivity.of("resnet18", 10).effective(masks).effectiveByLayer();
      long[] fromModel = probed("resnet18", new int[] {3, 32, 32}, masks);
      long over = 0;
      for (int l = 0; l < walked.length; l++) {
        assertThat(arch.layerNames().get(l) + " at density " + density, fromModel[l],
            lessThanOrEqualTo(walked[l]));
        if (!arch.layerNames().get(l).startsWith("layer4")) {
          assertThat(arch.layerNames().get(l) + " at density " + density, fromModel[l], equalTo(walked[l]));
        }
        over += walked[l] - fromModel[l];
      }
      assertThat("weights the walk counts and the model does not, at density " + density, over,
          lessThanOrEqualTo(Arrays.stream(walked).sum() / 200));
    }
  }

  @Test
  void aTorchScriptModelsEffectiveSparsityIsTheBuiltInsGraphWalk() {
    String spec = TorchScriptModel.spec(CNN, "", "");
    List<byte[]> masks = masks(Architecture.of("fmnist-cnn", 10), 0.005, 3);
    Connectivity.Result fromModel = Connectivity.of(spec, 10, new int[] {1, 28, 28}).effective(masks);
    Connectivity.Result walked = Connectivity.of("fmnist-cnn", 10).effective(masks);
    assertThat(fromModel.effectiveByLayer(), equalTo(walked.effectiveByLayer()));
    assertThat(fromModel.effectiveSparsity(), equalTo(walked.effectiveSparsity()));
  }

  @Test
  void aResidualModelStaysConnectedThroughItsSkipWhenItsBranchIsCut() {
    String spec = TorchScriptModel.spec(RESIDUAL, "", "");
    Architecture arch = Architecture.of(spec, 10);
    List<byte[]> masks = masks(arch, 1.0, 1);
    int depthwise = arch.layerNames().indexOf("depthwise");
    Arrays.fill(masks.get(depthwise), (byte) 0);
    Connectivity c = Connectivity.of(spec, 10, new int[] {1, 28, 28});
    Connectivity.Result r = c.effective(masks);
    assertThat(r.connected(), equalTo(true));
    assertThat("the branch's pointwise conv is on no path", r.effectiveByLayer()[arch.layerNames().indexOf(
        "pointwise")], equalTo(0L));
    assertThat(r.effectiveByLayer()[arch.layerNames().indexOf("head")], greaterThan(0L));
    assertThat(c.connected(c.channelAdjacency(masks)), equalTo(true));
  }

  @Test
  void aModelWithItsStemCutIsDisconnected() {
    String spec = TorchScriptModel.spec(RESIDUAL, "", "");
    Architecture arch = Architecture.of(spec, 10);
    List<byte[]> masks = masks(arch, 1.0, 1);
    Arrays.fill(masks.get(arch.layerNames().indexOf("stem")), (byte) 0);
    Connectivity c = Connectivity.of(spec, 10, new int[] {1, 28, 28});
    assertThat(c.effective(masks).connected(), equalTo(false));
    assertThat(c.connected(c.channelAdjacency(masks)), equalTo(false));
  }
}
