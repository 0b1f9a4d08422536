package io.fullspectrum.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.fullspectrum.generators.Generators;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Example 2: PAGS over a user's own generator, found through its service file, on Direct and on embedded Flink. */
class PagsWithYourGeneratorTest {
  private static final double SPARSITY = 0.95;
  @TempDir static Path dir;
  static Path direct;
  static Path flink;

  private static Path run(String runner, int parallelism) throws IOException {
    Path out = dir.resolve(runner);
    PagsWithYourGenerator.main(new String[] {"architecture=fmnist-cnn", "data=synthetic", "data.synthetic.size=256",
        "samples=4", "save.every=2", "finetune.epochs=1", "finetune.batch.size=32", "sparsity=" + SPARSITY,
        "seed=5", "runner=" + runner, "parallelism=" + parallelism, "output=" + out});
    return out;
  }

  @BeforeAll
  static void runBoth() throws IOException {
    direct = run("direct", 0);
    flink = run("flink-local", 2);
  }

  @Test
  void theServiceFileRegistersTheGeneratorWithoutARegisterCall() {
    assertThat(Generators.names().contains(UniformPerLayer.NAME), equalTo(true));
  }

  @Test
  void theBaselineIsTheUsersGeneratorEveryLayerAtTheSameDensity() throws IOException {
    MaskSet baseline = MaskSetArrow.readFile(direct.resolve("masks/baseline.arrow"));
    for (LayerRecord layer : baseline.layers()) {
      // A global random draw gives this only on average (conv1's 288 weights: 5% +- 1.3%).
      double density = (double) layer.kept() / layer.numel();
      assertThat(layer.name(), Math.abs(density - (1 - SPARSITY)), lessThanOrEqualTo(1.0 / layer.numel()));
    }
    assertThat(Files.readString(direct.resolve("preset.properties")),
        containsString("generator=" + UniformPerLayer.NAME));
  }

  @Test
  void embeddedFlinkSelectsTheSameMasksAsDirect() throws IOException {
    for (String file : List.of("masks/baseline.arrow", "best.arrow", "samples.csv", "results.csv")) {
      assertThat(file, Files.readAllBytes(flink.resolve(file)), equalTo(Files.readAllBytes(direct.resolve(file))));
    }
  }
}
