package io.fullspectrum.baselines;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Early-Bird's stopping rule (method §6): after each check the magnitude mask is compared with the previous one;
 * the ticket is drawn once the last {@code window} distances all lie under {@code threshold} (EB's code: 5 and
 * 0.1).
 */
public final class EarlyBirdStop {
  private final int window;
  private final double threshold;
  private final Deque<Double> recent = new ArrayDeque<>();
  private final List<Double> history = new ArrayList<>();
  private List<byte[]> previous;

  public EarlyBirdStop(int window, double threshold) {
    if (window < 1) {
      throw new IllegalArgumentException("eb.window=" + window + " must be at least 1");
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("eb.threshold=" + threshold + " is outside (0, 1]");
    }
    this.window = window;
    this.threshold = threshold;
  }

  /** Takes the mask of a check; returns whether the ticket should be drawn now. */
  public boolean offer(List<byte[]> mask) {
    if (previous != null) {
      double d = MaskDistance.between(previous, mask);
      history.add(d);
      recent.addLast(d);
      if (recent.size() > window) {
        recent.removeFirst();
      }
    }
    previous = mask;
    return recent.size() == window && recent.stream().allMatch(d -> d < threshold);
  }

  /** Every distance so far, check 1 against check 0 first. */
  public List<Double> distances() {
    return List.copyOf(history);
  }
}
