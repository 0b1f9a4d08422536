package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.NetworkState;
import org.junit.jupiter.api.Test;

class InitialisationTest {
  private static double maxAbs(float[] w) {
    double m = 0;
    for (float v : w) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static double variance(float[] w) {
    double s = 0;
    for (float v : w) {
      s += (double) v * v;
    }
    return s / w.length;
  }

  @Test
  void pytorchDefaultsDrawEveryWeightUniformlyWithinOneOverRootFanIn() {
    NetworkState s = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 4, Initialisation.PYTORCH);
    for (LayerRecord r : s.prunable().layers()) {
      double bound = 1 / Math.sqrt(Initialisation.fanIn(r.shape()));
      assertThat(r.name(), maxAbs(r.weights()), lessThanOrEqualTo(bound));
      assertThat(r.name(), maxAbs(r.weights()), greaterThan(0.95 * bound));
      // U(-b, b) has variance b^2 / 3.
      assertThat(r.name(), variance(r.weights()), closeTo(bound * bound / 3, 0.15 * bound * bound / 3));
    }
  }

  @Test
  void pytorchDefaultsGiveBiasesValuesAndTheAuthorsSchemeKeepsThemZero() {
    NetworkState pytorch = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 4, Initialisation.PYTORCH);
    NetworkState authors = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 4, Initialisation.AUTHORS);
    double pytorchBias = 0;
    double authorsBias = 0;
    for (int i = 0; i < pytorch.others().layers().size(); i++) {
      LayerRecord p = pytorch.others().layers().get(i);
      if (p.name().endsWith("bias")) {
        pytorchBias += maxAbs(p.weights());
        // Bounded by the owning layer's 1/sqrt(fan_in) (every fan-in here is at least 9), not by 1.
        assertThat(p.name(), maxAbs(p.weights()), lessThanOrEqualTo(1 / 3.0));
        authorsBias += maxAbs(authors.others().layers().get(i).weights());
      }
    }
    assertThat(pytorchBias, greaterThan(0.0));
    assertThat(authorsBias, equalTo(0.0));
  }

  @Test
  void anUnknownSchemeIsNamedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Initialisation.named("xavier"));
    assertThat(e.getMessage(), equalTo("init=xavier is not one of authors, pytorch"));
  }
}
