package io.fullspectrum.analysis;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

class PearsonTest {
  @Test
  void aKnownSeriesGivesItsTextbookCoefficient() {
    // x = 1..5, y = 2,4,5,4,5: Sxy = 6, Sxx = 10, Syy = 6, r = 6 / sqrt(60).
    assertThat(Pearson.of(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5}),
        closeTo(6 / Math.sqrt(60), 1e-15));
  }

  @Test
  void anExactLinearRelationGivesPlusOrMinusOne() {
    double[] x = {0.1, 0.7, 2.5, 3.0};
    assertThat(Pearson.of(x, new double[] {1.2, 2.4, 6.0, 7.0}), closeTo(1, 1e-12));
    assertThat(Pearson.of(x, new double[] {-0.1, -0.7, -2.5, -3.0}), closeTo(-1, 1e-12));
  }

  @Test
  void aConstantSeriesHasNoCorrelation() {
    assertThat(Double.isNaN(Pearson.of(new double[] {1, 2, 3}, new double[] {4, 4, 4})), equalTo(true));
  }
}
