package io.fullspectrum.records;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.junit.jupiter.api.Test;

class FineTunedTest {
  private static final FineTuned CURVE = new FineTuned(List.of(
      new FineTuned.Epoch(1, 1.0, 0.1, 0.70, 0.9, 0.72, 0.8),
      new FineTuned.Epoch(2, 0.8, 0.1, 0.75, 0.7, 0.71, 0.8),
      new FineTuned.Epoch(3, 0.6, 0.1, 0.75, 0.6, 0.74, 0.7),
      new FineTuned.Epoch(4, 0.5, 0.01, 0.73, 0.6, 0.78, 0.6)));

  @Test
  void theValidationSplitPicksTheEarliestOfItsBestEpochsWhateverTheTestSays() {
    assertThat(CURVE.chosen().epoch(), equalTo(2));
    assertThat(CURVE.chosen().accuracy(), equalTo(0.71));
  }

  @Test
  void theAuthorsChoiceIsTheBestTestEpoch() {
    assertThat(CURVE.bestTest().epoch(), equalTo(4));
  }

  @Test
  void withoutAValidationSplitTheLastEpochIsReported() {
    FineTuned plain = new FineTuned(List.of(new FineTuned.Epoch(1, 1.0, 0.1, 0.9, 0.5),
        new FineTuned.Epoch(2, 0.9, 0.1, 0.8, 0.6)));
    assertThat(plain.chosen().epoch(), equalTo(2));
  }

  @Test
  void aCurveWrittenBeforeValidationSplitsStillReads() {
    List<FineTuned.Epoch> old = FineTuned.parseCurve("1,0.5,0.1,0.8,0.4\n");
    assertThat(old.get(0).accuracy(), equalTo(0.8));
    assertThat(Double.isNaN(old.get(0).validationAccuracy()), equalTo(true));
  }
}
