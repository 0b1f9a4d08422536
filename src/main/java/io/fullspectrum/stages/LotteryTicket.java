package io.fullspectrum.stages;

import io.fullspectrum.baselines.LotteryTicketSearch;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.Ticket;
import io.fullspectrum.schemas.Csv;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The LTH baseline stage (method §6): iterative magnitude pruning with rewinding to the input weights (the network
 * after the rewind iterations). With a checkpoint folder, every round's mask is saved there and a restarted search
 * goes on after the last saved round.
 */
public final class LotteryTicket extends PTransform<PCollection<NetworkState>, PCollection<Ticket>> {
  private final double sparsity;
  private final double rate;
  private final long roundIterations;
  private final String device;
  private final LotteryTicketSearch search;
  private final long rewindIterations;
  private final Recipe recipe;
  private final DataSpec data;
  private final String checkpoints;

  /**
   * Prunes {@code rate} of the remaining weights a round, each round {@code roundIterations} steps of training
   * with {@code recipe} on {@code data}, until {@code sparsity}; on the CPU, without checkpoints.
   *
   * @param rewindIterations the steps that made the input weights, counted in the ticket's cost
   */
  public static LotteryTicket of(double sparsity, double rate, long roundIterations, long rewindIterations,
      Recipe recipe, DataSpec data) {
    return new LotteryTicket(sparsity, rate, roundIterations, rewindIterations, recipe, data, null, "cpu");
  }

  /** This stage writing per-round masks to {@code folder} (null: none). */
  public LotteryTicket withCheckpoints(String folder) {
    return new LotteryTicket(sparsity, rate, roundIterations, rewindIterations, recipe, data, folder, device);
  }

  /** This stage training its rounds on {@code device}: cpu or gpu (see {@link io.fullspectrum.nn.Devices}). */
  public LotteryTicket onDevice(String device) {
    return new LotteryTicket(sparsity, rate, roundIterations, rewindIterations, recipe, data, checkpoints, device);
  }

  private LotteryTicket(double sparsity, double rate, long roundIterations, long rewindIterations, Recipe recipe,
      DataSpec data, String checkpoints, String device) {
    this.sparsity = sparsity;
    this.rate = rate;
    this.roundIterations = roundIterations;
    this.device = device;
    this.search = new LotteryTicketSearch(sparsity, rate, roundIterations, recipe, device);
    this.rewindIterations = rewindIterations;
    this.recipe = recipe;
    this.data = data;
    this.checkpoints = checkpoints;
  }

  @Override
  public PCollection<Ticket> expand(PCollection<NetworkState> rewind) {
    return rewind.apply("Search", ParDo.of(new SearchFn(search, rewindIterations, recipe, data, checkpoints)))
        .setCoder(SerializableCoder.of(Ticket.class));
  }

  /** The checkpoint file of round {@code r} (0-based). */
  static Path roundFile(String folder, int r) {
    return Paths.get(folder, String.format(Locale.ROOT, "lth-round-%02d.arrow", r + 1));
  }

  private static final class SearchFn extends DoFn<NetworkState, Ticket> {
    private static final long serialVersionUID = 1L;
    private final LotteryTicketSearch search;
    private final long rewindIterations;
    private final Recipe recipe;
    private final DataSpec data;
    private final String checkpoints;

    SearchFn(LotteryTicketSearch search, long rewindIterations, Recipe recipe, DataSpec data, String checkpoints) {
      this.search = search;
      this.rewindIterations = rewindIterations;
      this.recipe = recipe;
      this.data = data;
      this.checkpoints = checkpoints;
    }

    @ProcessElement
    public void process(@Element NetworkState rewind, OutputReceiver<Ticket> out) throws IOException {
      long total = rewind.prunable().totalWeights();
      long[] keep = search.schedule(total);
      Csv history = Csv.withHeader("round", "kept", "sparsity", "train_loss");
      int first = 0;
      List<byte[]> masks = null;
      if (checkpoints != null) {
        for (int r = keep.length - 1; r >= 0; r--) {
          Path file = roundFile(checkpoints, r);
          if (Files.isRegularFile(file)) {
            masks = rewind.prunable().layers().isEmpty() ? null : masksOf(MaskSetArrow.readFile(file), rewind);
            first = r + 1;
            MaskedTrainer.log("lth resumes after round " + first + " from " + file);
            break;
          }
        }
      }
      ImageBatches batches = ImageBatches.training(data.load(true), data.preprocessing(), recipe.batchSize(),
          recipe.seed());
      NetworkState ticket = search.run(rewind, batches, first, masks, (round, m) -> {
        history.row(round.round() + 1, round.kept(), 1 - (double) round.kept() / total, round.trainLoss());
        if (checkpoints != null) {
          try {
            MaskSetArrow.writeFile(maskOnly(rewind.withMasks("lth", m)), roundFile(checkpoints, round.round()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
      out.output(new Ticket("lth", ticket, rewindIterations + search.iterations(total), history.text()));
    }

    private static List<byte[]> masksOf(MaskSet saved, NetworkState rewind) {
      List<byte[]> out = new ArrayList<>();
      for (LayerRecord r : saved.layers()) {
        out.add(r.mask());
      }
      if (out.size() != rewind.prunable().layers().size()) {
        throw new IllegalArgumentException("saved LTH round has " + out.size() + " layers, the network "
            + rewind.prunable().layers().size());
      }
      return out;
    }

    private static MaskSet maskOnly(NetworkState state) {
      List<LayerRecord> layers = new ArrayList<>();
      for (LayerRecord r : state.prunable().layers()) {
        layers.add(LayerRecord.of(r.name(), r.shape(), null, r.mask()));
      }
      MaskSet p = state.prunable();
      return MaskSet.of(p.generator(), p.seed(), p.sparsity(), p.sampleIndex(), layers);
    }
  }
}
