package io.fullspectrum.baselines;

import io.fullspectrum.baselines.MagnitudePruning;
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
 * LTH with rewinding (method §6): from the rewind weights, each round trains the masked network, removes
 * {@code rate} of the remaining weights by global magnitude and rewinds the survivors to the rewind weights, until
 * the target sparsity; the ticket is the rewind weights under the last mask.
 */
public final class LotteryTicketSearch implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** One finished round: its index (0-based), the weights it keeps, the mean training loss before pruning. */
  public record Round(int round, long kept, double trainLoss) implements java.io.Serializable {}

  /** Called after each round with its masks, so that a long search can checkpoint and resume. */
  public interface RoundListener {
    void finished(Round round, List<byte[]> masks);
  }

  private final double sparsity;
  private final double rate;
  private final long roundIterations;
  private final Recipe recipe;
  private final String device;

  /** @param device where the training runs: cpu or gpu (see {@link io.fullspectrum.nn.Devices}) */
  public LotteryTicketSearch(double sparsity, double rate, long roundIterations, Recipe recipe, String device) {
    if (roundIterations < 1) {
      throw new IllegalArgumentException("lth.round.iterations=" + roundIterations + " must be at least 1");
    }
    MagnitudePruning.schedule(1_000_000, sparsity, rate); // checks both
    this.sparsity = sparsity;
    this.rate = rate;
    this.roundIterations = roundIterations;
    this.recipe = recipe;
    io.fullspectrum.nn.Devices.check(device);
    this.device = device;
  }

  /** The keep count after each round for a network of {@code total} prunable weights. */
  public long[] schedule(long total) {
    return MagnitudePruning.schedule(total, sparsity, rate);
  }

  /** Training steps the whole search takes (rewinding not counted). */
  public long iterations(long total) {
    return schedule(total).length * roundIterations;
  }

  /**
   * Runs rounds {@code firstRound..} (0 for a fresh search) from {@code masks} (null: dense).
   *
   * @return the rewind weights under the final masks
   */
  public NetworkState run(NetworkState rewind, ImageBatches data, int firstRound, List<byte[]> masks,
      RoundListener listener) {
    long[] keep = schedule(rewind.prunable().totalWeights());
    List<byte[]> current = masks;
    for (int r = firstRound; r < keep.length; r++) {
      NetworkState start = current == null ? rewind : rewind.withMasks("lth", current);
      try (NetworkSession session = NetworkSession.open(start, io.fullspectrum.nn.Devices.named(device));
          MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe,
              current == null ? null : session.masks())) {
        String label = String.format(Locale.ROOT, "lth round %d/%d", r + 1, keep.length);
        double loss;
        try (TrainingLoop loop = new TrainingLoop(trainer, data, recipe)) {
          loss = loop.run(roundIterations, label, MaskedTrainer::log);
        }
        List<float[]> weights = new ArrayList<>();
        for (String name : session.network().layerNames()) {
          weights.add(session.network().weights(name));
        }
        current = List.of(MagnitudePruning.prune(weights, current, keep[r]));
        MaskedTrainer.log(String.format(Locale.ROOT, "%s: kept %d of %d weights (sparsity %.4f)", label, keep[r],
            rewind.prunable().totalWeights(), 1 - (double) keep[r] / rewind.prunable().totalWeights()));
        listener.finished(new Round(r, keep[r], loss), current);
      }
    }
    if (current == null) {
      throw new IllegalStateException("no pruning round ran");
    }
    return rewind.withMasks("lth", current);
  }
}
