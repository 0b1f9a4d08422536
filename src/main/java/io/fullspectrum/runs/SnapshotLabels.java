package io.fullspectrum.runs;

import io.fullspectrum.stages.AssembleSelection;

/**
 * What a fine-tuned snapshot is called in a run's outputs: "baseline" (draw 0 alone), "selected" (the selection after
 * all {@code last} draws), "best-k" (the selection saved after k draws); the DAG names its fine-tunes so and the
 * outputs read the names back.
 */
public final class SnapshotLabels {
  private SnapshotLabels() {}

  /** The label of the snapshot {@code key} of a run of {@code last} draws. */
  public static String of(long key, long last) {
    if (key == AssembleSelection.BASELINE) {
      return "baseline";
    }
    return key == last ? "selected" : "best-" + key;
  }

  /** The snapshot key a fine-tune label names (the inverse of {@link #of}); null for another label. */
  public static Long snapshotOf(String label, long last) {
    if (label.equals("baseline")) {
      return AssembleSelection.BASELINE;
    }
    if (label.equals("selected")) {
      return last;
    }
    if (label.matches("best-[0-9]+")) {
      return Long.parseLong(label.substring("best-".length()));
    }
    return null;
  }
}
