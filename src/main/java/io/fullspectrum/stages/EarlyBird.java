package io.fullspectrum.stages;

import io.fullspectrum.baselines.EarlyBirdSearch;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.Ticket;
import io.fullspectrum.schemas.Csv;
import io.fullspectrum.schemas.NetworkState;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** The Early-Bird baseline stage (method §6): dense training until the magnitude mask settles, then one-shot pruning. */
public final class EarlyBird extends PTransform<PCollection<NetworkState>, PCollection<Ticket>> {
  private final EarlyBirdSearch search;
  private final Recipe recipe;
  private final DataSpec data;

  /** Dense training with {@code recipe} on {@code data} until {@code search} sees the mask settle. */
  public static EarlyBird of(EarlyBirdSearch search, Recipe recipe, DataSpec data) {
    return new EarlyBird(search, recipe, data);
  }

  private EarlyBird(EarlyBirdSearch search, Recipe recipe, DataSpec data) {
    this.search = search;
    this.recipe = recipe;
    this.data = data;
  }

  @Override
  public PCollection<Ticket> expand(PCollection<NetworkState> dense) {
    return dense.apply("Search", ParDo.of(new SearchFn(search, recipe, data)))
        .setCoder(SerializableCoder.of(Ticket.class));
  }

  private static final class SearchFn extends DoFn<NetworkState, Ticket> {
    private static final long serialVersionUID = 1L;
    private final EarlyBirdSearch search;
    private final Recipe recipe;
    private final DataSpec data;

    SearchFn(EarlyBirdSearch search, Recipe recipe, DataSpec data) {
      this.search = search;
      this.recipe = recipe;
      this.data = data;
    }

    @ProcessElement
    public void process(@Element NetworkState dense, OutputReceiver<Ticket> out) {
      EarlyBirdSearch.Result r = search.run(dense, ImageBatches.training(data.load(true), data.preprocessing(),
          recipe.batchSize(), recipe.seed()));
      Csv table = Csv.withHeader("check", "distance");
      for (int i = 0; i < r.distances().size(); i++) {
        table.row(i + 1, r.distances().get(i));
      }
      StringBuilder history = new StringBuilder(table.text()).append("# ").append(r.converged() ? "ticket drawn by the stopping rule" : "ticket drawn at the cap")
          .append(" after ").append(r.iterations()).append(" steps\n");
      out.output(new Ticket("eb", r.ticket(), r.iterations(), history.toString()));
    }
  }
}
