package io.fullspectrum.generators;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.List;
import java.util.function.Consumer;

/**
 * The minibatches a data-driven generator scores on, as {@code (data, labels)} pairs, visited one at a time so
 * that a pass over the whole training set (the authors' PAGS baseline, method §5) never holds more than one batch
 * and one batch's activations: each visit runs in an {@link NDScope} of its own.
 */
@FunctionalInterface
public interface ScoringBatches {
  /** Calls {@code body} once per minibatch, in a fixed order; arrays made inside a call are freed after it. */
  void forEach(Consumer<NDList[]> body);

  /** Batches already in memory (a test's fixed batches, or a user's {@code .npy} batches); they stay open. */
  static ScoringBatches of(List<NDList[]> batches) {
    List<NDList[]> fixed = List.copyOf(batches);
    return body -> {
      for (NDList[] b : fixed) {
        try (NDScope scope = new NDScope()) {
          body.accept(b);
        }
      }
    };
  }

  /** How many batches a visit sees (walks them once). */
  default int count() {
    int[] n = {0};
    forEach(b -> n[0]++);
    return n[0];
  }
}
