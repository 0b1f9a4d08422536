package io.fullspectrum.stages;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stage's progress over every worker thread of this JVM, for its log line (Beam {@code Metrics} carry the totals
 * across workers): draws done, when the first began, the largest distance seen. One entry per run of a stage,
 * forgotten once its last expected draw is done, so a JVM that runs many pipelines (a Flink TaskManager, a test
 * suite) keeps none.
 */
final class DrawProgress {
  private static final Map<String, DrawProgress> RUNS = new ConcurrentHashMap<>();
  private final long started = System.nanoTime();
  private long done;
  private double largest = Double.NEGATIVE_INFINITY;

  private DrawProgress() {}

  /** What {@link #record} saw: draws done so far, seconds since the first began, largest distance so far. */
  record Seen(long done, double seconds, double largest) {}

  /** Counts one draw of {@code run} (of {@code expected}; 0: unknown, never forgotten early) with its distance. */
  static Seen record(String run, long expected, double distance) {
    DrawProgress p = RUNS.computeIfAbsent(run, k -> new DrawProgress());
    Seen seen;
    synchronized (p) {
      p.done++;
      p.largest = Math.max(p.largest, distance);
      seen = new Seen(p.done, (System.nanoTime() - p.started) / 1e9, p.largest);
    }
    if (expected > 0 && seen.done() >= expected) {
      RUNS.remove(run);
    }
    return seen;
  }

  /** Runs this JVM still tracks (for tests). */
  static int tracked() {
    return RUNS.size();
  }
}
