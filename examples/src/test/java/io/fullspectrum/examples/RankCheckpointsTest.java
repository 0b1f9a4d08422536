package io.fullspectrum.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.fullspectrum.generators.ExampleNetwork;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Example 1 ranks real .npz checkpoints as scoring each one alone would. */
@ExtendWith(TestPipelineExtension.class)
class RankCheckpointsTest {

  /** The Fashion-MNIST CNN at its initialisation, pruned at random to {@code sparsity}: one sweep member. */
  private static MaskSet checkpoint(double sparsity, long seed) {
    return ExampleNetwork.randomMasked(Architecture.of("fmnist-cnn", 10), sparsity, seed);
  }

  /** Three checkpoints as .npz state dicts, and each one's distance scored directly. */
  private static Map<String, Double> sweep(Path folder) throws IOException {
    Map<String, Double> expected = new TreeMap<>();
    double[] sparsities = {0.5, 0.9, 0.98};
    for (int i = 0; i < sparsities.length; i++) {
      MaskSet net = checkpoint(sparsities[i], 10 + i);
      String name = "run-" + i + ".npz";
      NetworkFiles.writeNpz(net, folder.resolve(name));
      expected.put(name, NetworkScorer.sparse().score(net.layers()).meanMagnitude());
    }
    return expected;
  }

  private static PCollection<String> ranked(TestPipeline p, Path folder) {
    return p.apply(FileIO.match().filepattern(folder + "/*").withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply(FileIO.readMatches())
        .apply(new RankCheckpoints.Rank());
  }

  @Test
  void checkpointsAreRankedByTheirDistanceScoredOneByOne(TestPipeline p, @TempDir Path folder) throws IOException {
    Map<String, Double> expected = sweep(folder);
    List<String> order = new ArrayList<>(expected.keySet());
    order.sort(Comparator.comparingDouble(name -> -expected.get(name)));
    PAssert.thatSingleton(ranked(p, folder)).satisfies(csv -> {
      String[] lines = csv.split("\n");
      assertThat(lines[0], equalTo(RankCheckpoints.HEADER));
      List<String> names = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split(",");
        assertThat(f[0], equalTo(Integer.toString(i)));
        assertThat(Double.parseDouble(f[2]), equalTo(Double.parseDouble(String.format(java.util.Locale.ROOT,
            "%.9g", expected.get(f[1])))));
        names.add(f[1]);
      }
      assertThat(names, contains(order.toArray(new String[0])));
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void aFolderWithoutCheckpointsGivesTheHeaderAlone(TestPipeline p, @TempDir Path folder) {
    PAssert.thatSingleton(ranked(p, folder)).isEqualTo(RankCheckpoints.HEADER);
    p.run().waitUntilFinish();
  }

  @Test
  void aBrokenCheckpointFailsNamingTheFile(TestPipeline p, @TempDir Path folder) throws IOException {
    Files.write(folder.resolve("broken.npz"), Arrays.copyOf(new byte[] {'P', 'K', 3, 4}, 64));
    ranked(p, folder);
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root.getMessage(), startsWith(folder.resolve("broken.npz").toString()));
  }
}
