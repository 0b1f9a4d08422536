package io.fullspectrum.baselines;

import io.fullspectrum.baselines.PruneAndRegrow;
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
 * The ITOP observation (method §6): sparse training from an initial mask, with a prune-and-regrow update every
 * {@code updateEvery} steps (death rate cosine-decayed over the run); a snapshot of mask and weights is taken after
 * every update, for scoring and evaluation.
 */
public final class DynamicSparseTraining implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Receives each snapshot: the update's index (1-based), the step it came after, and the state. */
  public interface SnapshotListener {
    void snapshot(int update, long step, NetworkState state);
  }

  private final long updateEvery;
  private final long iterations;
  private final double deathRate;
  private final Recipe recipe;
  private final String device;

  /** @param device where the training runs: cpu or gpu (see {@link io.fullspectrum.nn.Devices}) */
  public DynamicSparseTraining(long updateEvery, long iterations, double deathRate, Recipe recipe, String device) {
    if (updateEvery < 1) {
      throw new IllegalArgumentException("itop.update.every=" + updateEvery + " must be at least 1");
    }
    if (iterations < updateEvery) {
      throw new IllegalArgumentException("itop.iterations=" + iterations + " is below itop.update.every="
          + updateEvery + ": no update would happen");
    }
    if (!(deathRate > 0 && deathRate < 1)) {
      throw new IllegalArgumentException("itop.death.rate=" + deathRate + " is outside (0, 1)");
    }
    this.updateEvery = updateEvery;
    this.iterations = iterations;
    this.deathRate = deathRate;
    this.recipe = recipe;
    io.fullspectrum.nn.Devices.check(device);
    this.device = device;
  }

  /** Updates in a run: one after every {@code updateEvery} steps. */
  public long updates() {
    return iterations / updateEvery;
  }

  /** Trains {@code start} (whose masks are the initial topology); returns the final state. */
  public NetworkState run(NetworkState start, ImageBatches data, long seed, SnapshotListener listener) {
    try (NetworkSession session = NetworkSession.open(start, io.fullspectrum.nn.Devices.named(device));
        MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, session.masks());
        TrainingLoop loop = new TrainingLoop(trainer, data, recipe)) {
      List<byte[]> masks = session.masks();
      long total = updates();
      for (int u = 1; u <= total; u++) {
        loop.run(updateEvery, String.format(Locale.ROOT, "itop update %d/%d", u, total), MaskedTrainer::log);
        List<float[]> weights = new ArrayList<>();
        for (String name : session.network().layerNames()) {
          weights.add(session.network().weights(name));
        }
        double rate = PruneAndRegrow.deathRate(deathRate, u - 1, total);
        masks = PruneAndRegrow.update(weights, masks, rate, seed * 1_000_003L + u);
        trainer.replaceMasks(masks);
        MaskedTrainer.log(String.format(Locale.ROOT, "itop update %d/%d at step %d: death rate %.4f", u, total,
            trainer.step(), rate));
        listener.snapshot(u, trainer.step(), session.capture(masks));
      }
      return session.capture(masks);
    }
  }
}
