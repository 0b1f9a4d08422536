package io.fullspectrum.generators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.schemas.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SNIP and GraSP against the paper authors' own scores and masks on a fixed network and fixed batches
 * ({@code src/test/resources/golden/generators}, see its PROVENANCE.md).
 */
class GoldenGeneratorsTest {
  static final Path DIR = Path.of("src/test/resources/golden/generators");
  static final double SPARSITY = 0.98;
  private static NetworkSession session;
  private static GeneratorInput input;

  @BeforeAll
  static void load() throws IOException {
    session = NetworkSession.open(NetworkSession.fromStateDict("fmnist-cnn", 10, 1, 28, 28,
        NetworkFiles.readArrays(DIR.resolve("network.npz")), "network.npz"));
    NpyArray x = NpyArray.readFile(DIR.resolve("inputs.npy"));
    long[] y = NpyArray.readFile(DIR.resolve("labels.npy")).toLongs();
    int[] s = x.shape();
    float[] values = x.toFloats();
    int per = s[1] * s[2] * s[3] * s[4];
    NDManager manager = session.model().getNDManager();
    List<NDList[]> batches = new ArrayList<>();
    for (int b = 0; b < s[0]; b++) {
      float[] xb = java.util.Arrays.copyOfRange(values, b * per, (b + 1) * per);
      int[] yb = new int[s[1]];
      for (int i = 0; i < yb.length; i++) {
        yb[i] = (int) y[b * s[1] + i];
      }
      batches.add(new NDList[] {new NDList(manager.create(xb, new Shape(s[1], s[2], s[3], s[4]))),
          new NDList(manager.create(yb))});
    }
    input = new GeneratorInput(session.network(), batches);
  }

  @AfterAll
  static void close() {
    session.close();
  }

  private static Map<String, NpyArray> golden(String generator) throws IOException {
    return NetworkFiles.readArrays(DIR.resolve(generator + ".npz"));
  }

  /** Largest |ours - theirs| over all weights, relative to the largest |theirs|. */
  private static double relativeError(List<float[]> ours, Map<String, NpyArray> theirs) {
    double maxDiff = 0;
    double maxScore = 0;
    List<String> names = session.network().layerNames();
    for (int l = 0; l < names.size(); l++) {
      float[] t = theirs.get(names.get(l) + ".score").toFloats();
      float[] o = ours.get(l);
      assertThat(names.get(l), o.length, equalTo(t.length));
      for (int i = 0; i < t.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(o[i] - t[i]));
        maxScore = Math.max(maxScore, Math.abs(t[i]));
      }
    }
    return maxDiff / maxScore;
  }

  /** Weights kept by one mask and not the other, over all layers. */
  private static int maskDifferences(List<byte[]> ours, Map<String, NpyArray> theirs) {
    int differ = 0;
    List<String> names = session.network().layerNames();
    for (int l = 0; l < names.size(); l++) {
      byte[] t = theirs.get(names.get(l) + ".mask").toMask();
      for (int i = 0; i < t.length; i++) {
        differ += t[i] != ours.get(l)[i] ? 1 : 0;
      }
    }
    return differ;
  }

  private static long kept(List<byte[]> masks) {
    long n = 0;
    for (byte[] m : masks) {
      for (byte b : m) {
        n += b;
      }
    }
    return n;
  }

  @Test
  void snipScoresEqualTheAuthorsToOneTenThousandthOfTheLargest() throws IOException {
    SnipGenerator snip = new SnipGenerator();
    double error = relativeError(snip.normalized(snip.scores(input, 0)), golden("snip"));
    System.out.printf("SNIP vs the authors: largest difference %.2e of the largest score%n", error);
    assertThat(error, lessThan(1e-4));
  }

  @Test
  void graspScoresEqualTheAuthorsToOneTenThousandthOfTheLargest() throws IOException {
    GraspGenerator grasp = new GraspGenerator();
    double error = relativeError(grasp.normalized(grasp.scores(input, 0)), golden("grasp"));
    System.out.printf("GraSP vs the authors: largest difference %.2e of the largest score%n", error);
    assertThat(error, lessThan(1e-4));
  }

  @Test
  void snipMasksEqualTheAuthorsButForTheirOffByOne() throws IOException {
    List<byte[]> ours = new SnipGenerator().generate(input, SPARSITY, 0);
    int differ = maskDifferences(ours, golden("snip"));
    System.out.printf("SNIP masks: %d of 421408 weights differ from the authors'%n", differ);
    assertThat(kept(ours), equalTo(8428L));
    assertThat(differ, lessThanOrEqualTo(5));
  }

  @Test
  void graspMasksEqualTheAuthorsButForTheirOffByOne() throws IOException {
    List<byte[]> ours = new GraspGenerator().generate(input, SPARSITY, 0);
    int differ = maskDifferences(ours, golden("grasp"));
    System.out.printf("GraSP masks: %d of 421408 weights differ from the authors'%n", differ);
    assertThat(kept(ours), equalTo(8428L));
    assertThat(differ, lessThanOrEqualTo(5));
  }

  @Test
  void graspKeepsTheHighestHessianGradientTimesWeightNotTheLowest() throws IOException {
    // Independent of GraspGenerator: Hg from the Hessian-vector product, times w, and the kept set must be the
    // top of it. The authors' masks are the reference; an inverted ranking would share almost none of them.
    List<String> names = session.network().layerNames();
    List<ai.djl.nn.Parameter> weights = new ArrayList<>();
    for (String n : names) {
      weights.add(session.network().weight(n));
    }
    List<float[]> g = Gradients.of(session.network(), input.batches(), 1f);
    List<float[]> hg = HessianVectorProduct.of(session.network().block(), weights, input.secondPass(), 1f, g);
    Map<String, NpyArray> theirs = golden("grasp");
    double keptMean = 0;
    double prunedMean = 0;
    long keptCount = 0;
    long prunedCount = 0;
    for (int l = 0; l < names.size(); l++) {
      float[] w = session.network().weights(names.get(l));
      byte[] mask = theirs.get(names.get(l) + ".mask").toMask();
      for (int i = 0; i < w.length; i++) {
        double score = (double) hg.get(l)[i] * w[i];
        if (mask[i] == 1) {
          keptMean += score;
          keptCount++;
        } else {
          prunedMean += score;
          prunedCount++;
        }
      }
    }
    assertThat(keptMean / keptCount, greaterThan(prunedMean / prunedCount));
    List<byte[]> inverted = ScoringGenerator.topK(negated(new GraspGenerator().scores(input, 0)), SPARSITY);
    assertThat(maskDifferences(inverted, theirs), greaterThan(8000));
  }

  private static List<float[]> negated(List<float[]> scores) {
    for (float[] s : scores) {
      for (int i = 0; i < s.length; i++) {
        s[i] = -s[i];
      }
    }
    return scores;
  }
}
