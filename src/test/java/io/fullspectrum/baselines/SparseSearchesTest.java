package io.fullspectrum.baselines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;

import io.fullspectrum.baselines.DynamicSparseTraining;
import io.fullspectrum.baselines.EarlyBirdSearch;
import io.fullspectrum.baselines.LotteryTicketSearch;
import io.fullspectrum.generators.ErkGenerator;
import io.fullspectrum.generators.GlobalTopK;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.Networks;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.data.SyntheticImages;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.NetworkState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LTH, Early-Bird and dynamic sparse training on the small CNN and synthetic images. */
class SparseSearchesTest {
  private static final Preprocessing GREY = new Preprocessing(new float[] {0.5f}, new float[] {0.25f}, 0, false);
  private static final Recipe RECIPE = Recipe.of(0.05f, 0.9f, 5e-4f, true, 16, 1, List.of(), 0.1f, 3);
  private static final ImageSet DATA = SyntheticImages.generate(20 * 16, 1, 28, 28, 10, 1);

  private static ImageBatches batches() {
    return ImageBatches.training(DATA, GREY, 16, 3);
  }

  private static NetworkState initial() {
    return NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 11);
  }

  @Test
  void lthReachesTheExactSparsityAfterTheComputedRoundsAndRewindsTheSurvivors() {
    NetworkState rewind = initial();
    LotteryTicketSearch lth = new LotteryTicketSearch(0.6, 0.2, 4, RECIPE, "cpu");
    long total = rewind.prunable().totalWeights();
    List<Long> seen = new ArrayList<>();
    NetworkState ticket = lth.run(rewind, batches(), 0, null, (round, masks) -> seen.add(round.kept()));
    // 0.8^4 = 0.41 > 0.4 and 0.8^5 = 0.33: five rounds, the last clamped to floor(0.4 * total).
    assertThat(seen, hasSize(5));
    assertThat(ticket.prunable().keptWeights(), equalTo(GlobalTopK.keepCount(0.6, total)));
    assertThat(seen.get(4), equalTo(GlobalTopK.keepCount(0.6, total)));
    assertThat(lth.iterations(total), equalTo(20L));
    for (int l = 0; l < ticket.prunable().layers().size(); l++) {
      LayerRecord t = ticket.prunable().layers().get(l);
      float[] w0 = rewind.prunable().layers().get(l).weights();
      for (int i = 0; i < t.numel(); i++) {
        if (t.mask()[i] != 0) {
          assertThat(t.name() + "[" + i + "] rewound", t.weights()[i], equalTo(w0[i]));
        }
      }
    }
  }

  @Test
  void lthResumedAfterItsThirdRoundEndsWithTheSameTicket() {
    NetworkState rewind = initial();
    LotteryTicketSearch lth = new LotteryTicketSearch(0.6, 0.2, 4, RECIPE, "cpu");
    List<List<byte[]>> saved = new ArrayList<>();
    NetworkState whole = lth.run(rewind, batches(), 0, null, (round, masks) -> saved.add(masks));
    NetworkState resumed = lth.run(rewind, batches(), 3, saved.get(2), (round, masks) -> {});
    for (int l = 0; l < whole.prunable().layers().size(); l++) {
      assertThat(resumed.prunable().layers().get(l).mask(), equalTo(whole.prunable().layers().get(l).mask()));
    }
  }

  @Test
  void earlyBirdDrawsItsTicketOnceTheMaskDistanceFallsUnderTheThreshold() {
    // Window 1 and threshold 1: the first distance (second check) is under it, so the ticket comes at step 6.
    EarlyBirdSearch eb = new EarlyBirdSearch(0.9, 3, 30, 1, 1.0, RECIPE, "cpu");
    EarlyBirdSearch.Result r = eb.run(initial(), batches());
    assertThat(r.converged(), equalTo(true));
    assertThat(r.iterations(), equalTo(6L));
    assertThat(r.distances(), hasSize(1));
    assertThat(r.distances().get(0), lessThan(1.0));
    assertThat(r.ticket().prunable().keptWeights(),
        equalTo(GlobalTopK.keepCount(0.9, r.ticket().prunable().totalWeights())));
  }

  @Test
  void earlyBirdStopsAtItsCapWhenTheMaskNeverSettles() {
    EarlyBirdSearch eb = new EarlyBirdSearch(0.9, 3, 9, 2, 1e-9, RECIPE, "cpu");
    EarlyBirdSearch.Result r = eb.run(initial(), batches());
    assertThat(r.converged(), equalTo(false));
    assertThat(r.iterations(), equalTo(9L));
    assertThat(r.distances(), hasSize(2));
  }

  @Test
  void dynamicSparseTrainingSnapshotsEveryUpdateAndKeepsEachLayersCount() {
    NetworkState start = initial();
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    List<byte[]> erk = new ErkGenerator().generate(
        new io.fullspectrum.generators.GeneratorInput(Networks.build(arch, 1, 28, 28), List.of()), 0.9, 5);
    NetworkState masked = start.withMasks("erk", erk);
    DynamicSparseTraining dst = new DynamicSparseTraining(4, 12, 0.5, RECIPE, "cpu");
    List<NetworkState> snaps = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    dst.run(masked, batches(), 7, (u, step, state) -> {
      snaps.add(state);
      steps.add(step);
    });
    assertThat(steps, equalTo(List.of(4L, 8L, 12L)));
    NetworkState last = snaps.get(2);
    boolean moved = false;
    for (int l = 0; l < arch.layerNames().size(); l++) {
      LayerRecord before = masked.prunable().layers().get(l);
      LayerRecord after = last.prunable().layers().get(l);
      assertThat(after.name(), after.kept(), equalTo(before.kept()));
      moved |= !java.util.Arrays.equals(after.mask(), before.mask());
      for (int i = 0; i < after.numel(); i++) {
        if (after.mask()[i] == 0) {
          assertThat(after.name() + "[" + i + "]", Math.abs(after.weights()[i]), equalTo(0f));
        }
      }
    }
    assertThat("the topology changed", moved, equalTo(true));
  }
}
