package io.fullspectrum.generators;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullspectrum.nn.Architecture;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorsTest {

  static Stream<MaskGenerator> generators() {
    return Stream.of(new RandomGenerator(), new MagnitudeGenerator(), new ErkGenerator(), new SnipGenerator(),
        new GraspGenerator(), new SynflowGenerator(5));
  }

  private static long kept(List<byte[]> masks) {
    long k = 0;
    for (byte[] m : masks) {
      for (byte b : m) {
        k += b;
      }
    }
    return k;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void everyGeneratorHitsItsSparsityExactlyAndRepeatsForTheSameSeed(MaskGenerator generator) {
    try (GeneratorFixture f = new GeneratorFixture(3, 2, 16)) {
      long total = f.network.architecture().totalWeights();
      List<byte[]> a = generator.generate(f.input, 0.98, 11);
      List<byte[]> b = generator.generate(f.input, 0.98, 11);
      assertThat(kept(a), equalTo((long) Math.floor(0.02 * total + 1e-9)));
      for (int l = 0; l < a.size(); l++) {
        assertThat(generator.name() + " layer " + l, b.get(l), equalTo(a.get(l)));
      }
    }
  }

  @Test
  void randomMasksDifferBetweenSeeds() {
    try (GeneratorFixture f = new GeneratorFixture(3, 1, 8)) {
      assertThat(new RandomGenerator().generate(f.input, 0.9, 1).get(2),
          not(equalTo(new RandomGenerator().generate(f.input, 0.9, 2).get(2))));
    }
  }

  @Test
  void generatorsLeaveTheNetworkWeightsUnchanged() {
    try (GeneratorFixture f = new GeneratorFixture(3, 1, 8)) {
      List<float[]> before = new ArrayList<>();
      for (String name : f.network.layerNames()) {
        before.add(f.network.weights(name));
      }
      new GraspGenerator().generate(f.input, 0.9, 1);
      new SynflowGenerator(3).generate(f.input, 0.9, 1);
      for (int l = 0; l < before.size(); l++) {
        assertThat(f.network.weights(f.network.layerNames().get(l)), equalTo(before.get(l)));
      }
    }
  }

  @Test
  void erkDensitiesMatchTheAuthorsTableForResNet18() throws Exception {
    JsonNode table;
    try (InputStream in = getClass().getResourceAsStream("/golden/golden.json")) {
      table = new ObjectMapper().readTree(in).get("erk_official_density_dict");
    }
    int checked = 0;
    for (java.util.Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      JsonNode entry = table.get(key);
      int classes = entry.get("shapes").get(entry.get("shapes").size() - 1).get(0).asInt();
      double density = Double.parseDouble(key.substring(key.indexOf("density") + "density".length()));
      Architecture arch = Architecture.of("resnet18", classes);
      double[] ours = ErkGenerator.densities(arch, density);
      for (int l = 0; l < ours.length; l++) {
        assertThat(key + " " + entry.get("layers").get(l).asText(), ours[l],
            closeTo(entry.get("density_per_layer").get(l).asDouble(), 1e-9));
      }
      checked++;
    }
    assertThat(checked > 0, equalTo(true));
  }
}
