package io.fullspectrum.graph;

import static io.fullspectrum.graph.GoldenMatchers.matchesGolden;
import static org.hamcrest.MatcherAssert.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden case of the authors' code, reproduced by the sparse and the dense scorer. */
class GoldenSpectrumTest {

  static Stream<GoldenCases.Case> cases() {
    return GoldenCases.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSparseScorerReproducesTheAuthorsValues(GoldenCases.Case c) {
    assertMatches(SpectralScorer.sparse().score(c.shape(), c.weights(), c.mask()), c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theDenseReferenceScorerReproducesTheAuthorsValues(GoldenCases.Case c) {
    assertMatches(SpectralScorer.dense().score(c.shape(), c.weights(), c.mask()), c);
  }

  @Test
  void networkMeanMagnitudesMatchTheAuthorsValues() {
    JsonNode networks = GoldenCases.json().get("networks");
    List<GoldenCases.Case> all = GoldenCases.cases();
    for (String key : List.of("s0.5_sample0", "s0.9_sample0", "s0.99_sample0")) {
      List<String> names = new ArrayList<>();
      List<LayerSpectrum> layers = new ArrayList<>();
      for (GoldenCases.Case c : all) {
        if (c.name().endsWith("|" + key)) {
          names.add(c.name());
          layers.add(SpectralScorer.sparse().score(c.shape(), c.weights(), c.mask()));
        }
      }
      FullSpectrumCoordinate coordinate = new FullSpectrumCoordinate(names, layers);
      assertThat(key, coordinate.meanMagnitude(),
          matchesGolden(networks.get(key).get("network_mean_magnitude").asDouble()));
    }
  }

  private static void assertMatches(LayerSpectrum s, GoldenCases.Case c) {
    assertThat(c + " dr", s.dr(), matchesGolden(c.dr()));
    assertThat(c + " dr_imdb", s.drImdb(), matchesGolden(c.drImdb()));
    assertThat(c + " lambda", s.lambda(), matchesGolden(c.lambda()));
    assertThat(c + " lambda_imsg", s.lambdaImsg(), matchesGolden(c.lambdaImsg()));
    assertThat(c + " magnitude", s.magnitude(), matchesGolden(c.magnitude()));
  }
}
