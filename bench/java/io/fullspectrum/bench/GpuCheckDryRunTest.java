package io.fullspectrum.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.fullspectrum.nn.train.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bench/gpu.sh's check in its dry mode, as CI runs it on a machine without a GPU (issue 16). */
class GpuCheckDryRunTest {
  private static final List<String> LINES = new ArrayList<>();
  private static List<String> failures;

  @BeforeAll
  static void runTheDryCheckOnTheCnn() {
    failures = new GpuCheck(Map.of("dry", "true", "archs", "fmnist-cnn", "batch", "32", "steps.fmnist-cnn.gpu", "10",
        "steps.fmnist-cnn.cpu", "10", "draws", "2", "draw.batches", "1", "draw.batch", "32", "test", "200"),
        LINES::add).run();
  }

  private static String joined() {
    return String.join("\n", LINES);
  }

  @Test
  void theDryCheckPassesOnACpuMachine() {
    assertThat(joined(), failures, empty());
    assertThat(joined(), containsString("PASS GpuCheck (dry: no GPU used)"));
  }

  @Test
  void itFineTunesOnBothDeviceSettingsAndFindsEveryMaskedWeightZero() {
    assertThat(LINES, hasItem(matchesPattern(".*RESULT fine-tune arch=fmnist-cnn device=gpu on=cpu\\(\\) steps=10 "
        + "steps/s=[0-9.]+ .* masked=\\d+ masked-nonzero=0 kept-moved=[1-9]\\d*/\\d+")));
    assertThat(LINES, hasItem(matchesPattern(".*RESULT fine-tune arch=fmnist-cnn device=cpu on=cpu\\(\\) .*"
        + "masked-nonzero=0 .*")));
  }

  @Test
  void itTimesThePartsOfAStep() {
    assertThat(LINES, hasItem(matchesPattern(".*RESULT phases arch=fmnist-cnn device=cpu \\(steps/s\\) "
        + "resident-step=[0-9.]+ forward\\+backward=[0-9.]+ forward=[0-9.]+")));
  }

  @Test
  void theSameDrawOnTheSameDeviceKeepsTheSameWeights() {
    assertThat(joined(), containsString("AGREE arch=fmnist-cnn snip draw 1: kept weights in common: 1.0000"));
    assertThat(joined(), containsString("AGREE arch=fmnist-cnn grasp draw 1: kept weights in common: 1.0000"));
  }

  @Test
  void aDrawDrawnAgainKeepsTheSameWeights() {
    assertThat(joined(), containsString("REPEAT arch=fmnist-cnn device=cpu snip draw 1 again: 0 weights differ on the "
        + "same session, 0 on a new session"));
    assertThat(joined(), containsString("REPEAT arch=fmnist-cnn device=gpu grasp draw 1 again: 0 weights differ"));
  }

  @Test
  void theSameStepsOnTheSameDeviceGiveTheSameUpdate() {
    assertThat(joined(), containsString("AGREE arch=fmnist-cnn update of the first and last prunable layer after "
        + "the same first steps: max |gpu - cpu| / max |cpu| = 0.00 (tolerance"));
  }

  private static GpuCheck.FineTuneResult result(String requested, String actual, long maskedNonZero) {
    Evaluation before = new Evaluation(0.1, 2.3, 100);
    Evaluation after = new Evaluation(0.5, 1.5, 100);
    return new GpuCheck.FineTuneResult("fmnist-cnn", requested, actual, 10, 5.0, 2.0, before, after, 1000,
        maskedNonZero, 20, 20, true, new float[0], new float[0], Map.of());
  }

  @Test
  void aMaskedWeightThatIsNotZeroFailsTheCheck() {
    assertThat(GpuCheck.problems(result("cpu", "cpu()", 3), false),
        hasItem("3 of 1000 masked weights are not exactly zero"));
  }

  @Test
  void aTestLossThatDidNotFallFailsTheCheck() {
    GpuCheck.FineTuneResult flat = new GpuCheck.FineTuneResult("fmnist-cnn", "cpu", "cpu()", 10, 5.0, 2.0,
        new Evaluation(0.1, 2.3, 100), new Evaluation(0.1, 2.4, 100), 1000, 0, 20, 20, true, new float[0],
        new float[0], Map.of());
    assertThat(GpuCheck.problems(flat, false), hasItem("the test loss did not fall in 10 steps (2.3000 -> 2.4000)"));
  }

  @Test
  void aGpuRunThatTrainedOnTheCpuFailsOutsideTheDryMode() {
    assertThat(GpuCheck.problems(result("gpu", "cpu()", 0), false), hasItem("asked for gpu but trained on cpu()"));
    assertThat(GpuCheck.problems(result("gpu", "cpu()", 0), true), empty());
  }
}
