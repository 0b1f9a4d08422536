package io.fullspectrum.runs;

import io.fullspectrum.records.FineTuned;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.schemas.Csv;

/**
 * One row of a run's {@code results.csv}: a fine-tuned mask, where it came from, and its accuracy picked two
 * ways: at the epoch the validation split chooses (ours; the test split only reports it) and at the best test
 * epoch (the authors' choice, which reads the test split to pick).
 *
 * @param mask the fine-tune label: baseline, best-k or selected
 * @param draws draws seen when the mask was saved (0 for the baseline)
 * @param distance the mask's full-spectrum distance as fine-tuned (NaN when it was not re-scored)
 * @param chosenEpoch the validation-chosen epoch (the last epoch when no validation split was held out)
 * @param validationAccuracy that epoch's validation accuracy (NaN without a validation split)
 * @param testAccuracy that epoch's test accuracy
 */
public record ResultRow(String mask, long draws, double achievedSparsity, double effectiveSparsity, double distance,
    int chosenEpoch, double validationAccuracy, double testAccuracy, int bestTestEpoch, double bestTestAccuracy) {
  public static final String HEADER = "mask,draws,achieved_sparsity,effective_sparsity,distance,chosen_epoch,"
      + "validation_accuracy,test_accuracy_at_chosen,best_test_epoch,best_test_accuracy_paper_style";

  /**
   * @param scores the mask's re-scored coordinate, or null
   * @throws IllegalArgumentException when the curve is empty
   */
  static ResultRow of(String mask, long draws, ScoredMask scores, FineTuned tuned) {
    FineTuned.Epoch chosen = tuned.chosen();
    FineTuned.Epoch best = tuned.bestTest();
    if (chosen == null) {
      throw new IllegalArgumentException(mask + ": fine-tuned for no epoch");
    }
    return new ResultRow(mask, draws, scores == null ? Double.NaN : scores.achievedSparsity(),
        scores == null ? Double.NaN : scores.effectiveSparsity(), scores == null ? Double.NaN
            : scores.meanMagnitude(), chosen.epoch(), chosen.validationAccuracy(), chosen.accuracy(), best.epoch(),
        best.accuracy());
  }

  /** Appends this row to a table with {@link #HEADER}. */
  void appendTo(Csv table) {
    table.row(mask, draws, achievedSparsity, effectiveSparsity, distance, chosenEpoch, validationAccuracy,
        testAccuracy, bestTestEpoch, bestTestAccuracy);
  }

  /**
   * Reads one line of {@code results.csv}.
   *
   * @throws IllegalArgumentException naming the file and the line when it is not a result row
   */
  public static ResultRow parse(String file, String line) {
    return parse(file, Csv.cells(line).toArray(new String[0]));
  }

  /** Reads one row of {@code results.csv} already split into cells. */
  public static ResultRow parse(String file, String[] c) {
    String line = String.join(",", c);
    try {
      if (c.length != 10) {
        throw new NumberFormatException(c.length + " columns, not 10");
      }
      return new ResultRow(c[0], Long.parseLong(c[1]), num(c[2]), num(c[3]), num(c[4]), Integer.parseInt(c[5]),
          num(c[6]), num(c[7]), Integer.parseInt(c[8]), num(c[9]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": not a result row (" + e.getMessage() + "): " + line);
    }
  }

  private static double num(String s) {
    return Csv.parseNumber(s);
  }
}
