package io.fullspectrum.generators;

import ai.djl.ndarray.NDList;
import io.fullspectrum.nn.Network;
import java.util.List;

/**
 * What a generator may look at: the initialised network (its weights are read, never left changed) and, for the
 * data-driven generators, the scoring minibatches.
 *
 * @param batches the minibatches SNIP sums its gradients over, and GraSP's first pass ({@code g})
 * @param secondPass GraSP's second pass ({@code Hg}); the authors' loop takes other batches than the first
 * @param perturb whether a generator that draws the same mask from the same weights (SynFlow) adds fresh
 *     init-scale noise to the weights first, as the authors do for every PAGS draw after the baseline
 */
public record GeneratorInput(Network network, ScoringBatches batches, ScoringBatches secondPass, boolean perturb) {

  /** One set of batches for both passes, no perturbation: the golden setting and the tests'. */
  public GeneratorInput(Network network, List<NDList[]> minibatches) {
    this(network, ScoringBatches.of(minibatches), ScoringBatches.of(minibatches), false);
  }
}
