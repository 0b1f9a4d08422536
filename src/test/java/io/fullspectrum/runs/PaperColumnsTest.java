package io.fullspectrum.runs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaperColumnsTest {
  @Test
  void bestAndAverageCountOnlyTheMasksThatBeatTheirOwnSeedsBaseline() {
    // Seed 0: baseline 0.80, masks 0.79 (loses), 0.82, 0.85. Seed 1: baseline 0.90, masks 0.86 (loses), 0.91.
    // 0.86 beats seed 0's baseline but not its own: it must not count.
    PaperColumns c = PaperColumns.of(List.of(new PaperColumns.Seed(0.80, List.of(0.79, 0.82, 0.85)),
        new PaperColumns.Seed(0.90, List.of(0.86, 0.91))));
    assertThat(c.best(), equalTo(0.91));
    assertThat(c.average(), closeTo((0.82 + 0.85 + 0.91) / 3, 1e-12));
    assertThat(c.winners(), equalTo(3));
    assertThat(c.masks(), equalTo(5));
  }

  @Test
  void aMaskThatOnlyTiesItsBaselineDoesNotBeatIt() {
    PaperColumns c = PaperColumns.of(List.of(new PaperColumns.Seed(0.80, List.of(0.80))));
    assertThat(c.winners(), equalTo(0));
    assertThat(Double.isNaN(c.best()), equalTo(true));
    assertThat(Double.isNaN(c.average()), equalTo(true));
  }

  @Test
  void withoutABaselineEveryMaskCounts() {
    PaperColumns c = PaperColumns.of(List.of(new PaperColumns.Seed(Double.NaN, List.of(0.7, 0.9))));
    assertThat(c.best(), equalTo(0.9));
    assertThat(c.average(), closeTo(0.8, 1e-12));
  }
}
