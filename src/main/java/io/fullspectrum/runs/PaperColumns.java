package io.fullspectrum.runs;

import java.util.List;

/**
 * The paper's Best and Avg (method §6, the authors' reporting): over the fine-tuned masks that beat their own
 * baseline (same seed, same setting), the highest and the mean best-test-epoch accuracy. Both read the test split
 * to pick an epoch and keep only the winners, so they are optimistic by construction; the table prints them as
 * "paper-style" beside our validation-chosen mean ± std over every mask.
 *
 * @param best the highest winning accuracy (NaN when no mask beat its baseline)
 * @param average the mean winning accuracy (NaN when none did)
 * @param winners how many masks beat their baseline
 * @param masks how many masks there were
 */
public record PaperColumns(double best, double average, int winners, int masks) {
  /** One seed's baseline (best test epoch) and its masks' best-test-epoch accuracies. */
  public record Seed(double baseline, List<Double> masks) {}

  public static PaperColumns of(List<Seed> seeds) {
    double best = Double.NaN;
    double sum = 0;
    int winners = 0;
    int masks = 0;
    for (Seed s : seeds) {
      for (double a : s.masks()) {
        masks++;
        if (!(a > s.baseline()) && !Double.isNaN(s.baseline())) {
          continue;
        }
        winners++;
        sum += a;
        best = Double.isNaN(best) ? a : Math.max(best, a);
      }
    }
    return new PaperColumns(best, winners == 0 ? Double.NaN : sum / winners, winners, masks);
  }
}
