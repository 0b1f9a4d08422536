package io.fullspectrum.baselines;

import io.fullspectrum.baselines.EarlyBirdStop;
import io.fullspectrum.baselines.MagnitudePruning;
import io.fullspectrum.generators.GlobalTopK;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.nn.train.TrainingLoop;
import io.fullspectrum.schemas.NetworkState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Early-Bird adapted to unstructured masks (method §6): train the dense network, take the global magnitude mask at
 * the target sparsity every {@code checkEvery} steps, and draw the ticket (one-shot magnitude pruning of the
 * current weights) once {@link EarlyBirdStop} says the mask has settled, or at {@code maxIterations}.
 */
public final class EarlyBirdSearch implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** The ticket, the steps trained to find it, the distances seen, and whether the rule (not the cap) stopped it. */
  public record Result(NetworkState ticket, long iterations, List<Double> distances, boolean converged) {}

  private final double sparsity;
  private final long checkEvery;
  private final long maxIterations;
  private final int window;
  private final double threshold;
  private final Recipe recipe;
  private final String device;

  /** @param device where the training runs: cpu or gpu (see {@link io.fullspectrum.nn.Devices}) */
  public EarlyBirdSearch(double sparsity, long checkEvery, long maxIterations, int window, double threshold,
      Recipe recipe, String device) {
    if (checkEvery < 1) {
      throw new IllegalArgumentException("eb.check.every=" + checkEvery + " must be at least 1");
    }
    if (maxIterations < checkEvery) {
      throw new IllegalArgumentException("eb.max.iterations=" + maxIterations + " is below eb.check.every="
          + checkEvery);
    }
    new EarlyBirdStop(window, threshold); // checks both
    this.sparsity = sparsity;
    this.checkEvery = checkEvery;
    this.maxIterations = maxIterations;
    this.window = window;
    this.threshold = threshold;
    this.recipe = recipe;
    io.fullspectrum.nn.Devices.check(device);
    this.device = device;
  }

  public Result run(NetworkState dense, ImageBatches data) {
    EarlyBirdStop stop = new EarlyBirdStop(window, threshold);
    long keep = GlobalTopK.keepCount(sparsity, dense.prunable().totalWeights());
    try (NetworkSession session = NetworkSession.open(dense, io.fullspectrum.nn.Devices.named(device));
        MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, null);
        TrainingLoop loop = new TrainingLoop(trainer, data, recipe)) {
      boolean settled = false;
      List<byte[]> mask = null;
      while (!settled && trainer.step() < maxIterations) {
        loop.run(Math.min(checkEvery, maxIterations - trainer.step()), "eb dense training", MaskedTrainer::log);
        List<float[]> weights = new ArrayList<>();
        for (String name : session.network().layerNames()) {
          weights.add(session.network().weights(name));
        }
        mask = List.of(MagnitudePruning.prune(weights, null, keep));
        settled = stop.offer(mask);
        List<Double> d = stop.distances();
        MaskedTrainer.log(String.format(Locale.ROOT, "eb check at step %d: mask distance %s (threshold %s, window %d)%s",
            trainer.step(), d.isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f", d.get(d.size() - 1)), threshold,
            window, settled ? ": ticket drawn" : ""));
      }
      NetworkState ticket = session.capture(null).withMasks("eb", mask);
      return new Result(ticket, trainer.step(), stop.distances(), settled);
    }
  }
}
