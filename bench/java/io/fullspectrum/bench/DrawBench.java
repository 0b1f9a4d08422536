package io.fullspectrum.bench;

import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import java.util.Locale;

/**
 * Issue 18: seconds per PAGS draw of ours (MaskSampler.draw: scoring minibatches, gradients, scores, global top-k)
 * on CIFAR ResNet-18 at 99%, 4 scoring minibatches of 128 synthetic 3x32x32 images, one warm-up draw then the mean of
 * the next. Args: generators (snip,grasp), draws per generator (3). bench/draw.sh runs it beside the authors'
 * formulas in PyTorch and prints the ratios.
 */
public final class DrawBench {
  private DrawBench() {}

  public static void main(String[] args) {
    String[] generators = (args.length > 0 ? args[0] : "snip,grasp").split(",");
    int draws = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    NetworkState state = NetworkSession.initial("resnet18", 10, 3, 32, 32, 1);
    DataSpec data = DataSpec.forInput("synthetic", "", 8 * 128, "auto", new int[] {3, 32, 32}, "resnet18");
    for (String g : generators) {
      MaskSampler sampler = new MaskSampler(g, 0.99, 1, data, 4, 128);
      try (NetworkSession session = NetworkSession.open(state)) {
        sampler.draw(session, 1);
        long t0 = System.nanoTime();
        for (int i = 0; i < draws; i++) {
          sampler.draw(session, 2 + i);
        }
        System.out.printf(Locale.ROOT, "ours %s %.3f s/draw%n", g, (System.nanoTime() - t0) / 1e9 / draws);
      }
    }
  }
}
