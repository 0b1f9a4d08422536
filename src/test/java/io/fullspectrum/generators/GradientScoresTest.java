package io.fullspectrum.generators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.fullspectrum.nn.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** SNIP and GraSP scores against references computed independently of the generators. */
class GradientScoresTest {

  /** Summed eval-mode cross-entropy over the minibatches, in double, forward only. */
  private static double loss(Network net, GeneratorInput input, float temperature) {
    NDManager manager = net.weight(net.layerNames().get(0)).getArray().getManager();
    double sum = 0;
    for (NDList[] b : GeneratorFixture.batchesOf(input)) {
      NDArray logits = net.block().forward(new ParameterStore(manager, false), b[0], false).singletonOrThrow();
      sum += Loss.softmaxCrossEntropyLoss().evaluate(b[1], new NDList(logits.div(temperature))).getFloat();
    }
    return sum;
  }

  @Test
  void snipScoresAreGradientTimesWeightAgainstFiniteDifferencesOfTheLoss() {
    try (GeneratorFixture f = new GeneratorFixture(5, 2, 8)) {
      List<float[]> scores = new SnipGenerator().scores(f.input, 0);
      String layer = "classifier";
      int l = f.network.layerNames().indexOf(layer);
      float[] w = f.network.weights(layer);
      int checked = 0;
      for (int i = 0; i < w.length && checked < 6; i += 97) {
        double h = 1e-2;
        float[] plus = w.clone();
        plus[i] += (float) h;
        f.network.setWeights(layer, plus);
        double lp = loss(f.network, f.input, 1f);
        float[] minus = w.clone();
        minus[i] -= (float) h;
        f.network.setWeights(layer, minus);
        double lm = loss(f.network, f.input, 1f);
        f.network.setWeights(layer, w);
        double fd = Math.abs((lp - lm) / (2 * h) * w[i]);
        assertThat(layer + "[" + i + "]", (double) scores.get(l)[i], closeTo(fd, 2e-3 * Math.abs(w[i]) + 1e-6));
        checked++;
      }
      assertThat(checked, equalTo(6));
    }
  }

  @Test
  void theHessianVectorProductIsExactOnSoftmaxRegression() {
    // L = sum_b CE(softmax(W x_b / T), y_b) / B: H v = (1/(B T^2)) sum_b (diag(p_b) - p_b p_b^T) (V x_b) x_b^T.
    int classes = 3;
    int features = 4;
    float t = 2f;
    float[][] x = {{1, -2, 0.5f, 3}, {0, 1, -1, 2}, {2, 2, -0.5f, -1}};
    int[] y = {2, 0, 1};
    float[] w0 = {0.1f, -0.2f, 0.3f, 0.05f, -0.1f, 0.2f, 0.0f, 0.4f, 0.3f, -0.3f, 0.1f, -0.2f};
    float[] v = {0.5f, 1f, -1f, 0.2f, 0.3f, -0.4f, 0.7f, 0.1f, -0.6f, 0.2f, 0.9f, -0.5f};
    try (ai.djl.Model model = ai.djl.Model.newInstance("hv", "PyTorch")) {
      ai.djl.nn.core.Linear linear = ai.djl.nn.core.Linear.builder().setUnits(classes).optBias(false).build();
      model.setBlock(linear);
      NDManager manager = model.getNDManager();
      linear.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, features));
      NDArray weight = linear.getParameters().get("weight").getArray();
      weight.set(w0);
      List<NDList[]> batches = new ArrayList<>();
      batches.add(new NDList[] {new NDList(manager.create(x)), new NDList(manager.create(y))});
      float[] hv = HessianVectorProduct.of(linear, List.of(linear.getParameters().get("weight")), batches, t, List.of(v)).get(0);

      double[] expected = new double[classes * features];
      for (int b = 0; b < x.length; b++) {
        double[] z = new double[classes];
        double[] vx = new double[classes];
        for (int c = 0; c < classes; c++) {
          for (int k = 0; k < features; k++) {
            z[c] += w0[c * features + k] * x[b][k] / t;
            vx[c] += v[c * features + k] * x[b][k];
          }
        }
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double norm = 0;
        double[] p = new double[classes];
        for (int c = 0; c < classes; c++) {
          p[c] = Math.exp(z[c] - max);
          norm += p[c];
        }
        double pvx = 0;
        for (int c = 0; c < classes; c++) {
          p[c] /= norm;
          pvx += p[c] * vx[c];
        }
        for (int c = 0; c < classes; c++) {
          double row = (p[c] * vx[c] - p[c] * pvx) / (t * t) / x.length;
          for (int k = 0; k < features; k++) {
            expected[c * features + k] += row * x[b][k];
          }
        }
      }
      for (int i = 0; i < expected.length; i++) {
        assertThat("Hv[" + i + "]", (double) hv[i], closeTo(expected[i], 1e-6));
      }
    }
  }

  @Test
  void graspsExactHessianGradientAgreesWithAFiniteDifferenceOfGradients() {
    try (GeneratorFixture f = new GeneratorFixture(7, 1, 16)) {
      Network net = f.network;
      float t = GraspGenerator.ORIGINAL_TEMPERATURE;
      List<float[]> g = Gradients.of(net, f.minibatches, t);
      List<ai.djl.nn.Parameter> weights = new ArrayList<>();
      for (String name : net.layerNames()) {
        weights.add(net.weight(name));
      }
      List<float[]> exact = HessianVectorProduct.of(net.block(), weights, f.minibatches, t, g);
      List<float[]> fd = GraspGenerator.finiteDifference(net, f.input, g, t);
      double dot = 0;
      double nf = 0;
      double ne = 0;
      for (int l = 0; l < fd.size(); l++) {
        for (int i = 0; i < fd.get(l).length; i++) {
          dot += (double) fd.get(l)[i] * exact.get(l)[i];
          nf += (double) fd.get(l)[i] * fd.get(l)[i];
          ne += (double) exact.get(l)[i] * exact.get(l)[i];
        }
      }
      double cosine = dot / Math.sqrt(nf * ne);
      System.out.printf("GraSP Hg on the Fashion-MNIST CNN: float32 finite difference vs double backward: "
          + "cosine %.4f, relative error %.3f%n", cosine, Math.sqrt(nf + ne - 2 * dot) / Math.sqrt(ne));
      assertThat(ne, greaterThan(0.0));
      assertThat(cosine, greaterThan(0.85));
    }
  }

  @Test
  void gradientWorkFromSeveralThreadsAtOnceGivesTheSequentialResults() throws Exception {
    int threads = 4;
    List<byte[]> expected;
    try (GeneratorFixture f = new GeneratorFixture(9, 1, 8)) {
      expected = new SnipGenerator().generate(f.input, 0.95, 0);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<byte[]>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          try (GeneratorFixture f = new GeneratorFixture(9, 1, 8)) {
            List<byte[]> masks = null;
            for (int r = 0; r < 3; r++) {
              masks = new SnipGenerator().generate(f.input, 0.95, 0);
            }
            return masks;
          }
        }));
      }
      for (Future<List<byte[]>> r : results) {
        List<byte[]> masks = r.get();
        for (int l = 0; l < expected.size(); l++) {
          assertThat(masks.get(l), equalTo(expected.get(l)));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
