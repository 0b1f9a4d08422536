package io.fullspectrum.stages;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/** A JVM that runs many pipelines (a TaskManager, a test suite) keeps no progress of finished ones. */
class DrawProgressTest {
  @Test
  void aRunIsForgottenOnceItsLastExpectedDrawIsDone() {
    int before = DrawProgress.tracked();
    DrawProgress.record("run-a", 3, 1.0);
    DrawProgress.Seen second = DrawProgress.record("run-a", 3, 0.5);
    assertThat(second.done(), equalTo(2L));
    assertThat(second.largest(), equalTo(1.0));
    assertThat(DrawProgress.tracked(), equalTo(before + 1));
    assertThat(DrawProgress.record("run-a", 3, 2.0).largest(), equalTo(2.0));
    assertThat(DrawProgress.tracked(), equalTo(before));
  }
}
