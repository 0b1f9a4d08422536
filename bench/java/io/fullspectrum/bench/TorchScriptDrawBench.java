package io.fullspectrum.bench;

import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.TorchScriptModel;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A PAGS draw on ResNet-18 through {@code model=} (a TorchScript export of the built-in with the same weights) against
 * the built-in ResNet-18, alternately in one JVM: seconds a draw, medians, and the ratio (bench/torchscript.sh).
 *
 * <p>Usage: {@code TorchScriptDrawBench MODEL.pt GENERATOR ROUNDS DRAWS}.
 */
public final class TorchScriptDrawBench {
  private TorchScriptDrawBench() {}

  public static void main(String[] args) {
    String spec = TorchScriptModel.spec(Path.of(args[0]), "", "");
    String generator = args[1];
    int rounds = Integer.parseInt(args[2]);
    int draws = Integer.parseInt(args[3]);
    DataSpec data = new DataSpec("synthetic", "", 1024, new int[] {3, 32, 32}, false);
    MaskSampler sampler = new MaskSampler(generator, 0.99, 0, data, 4, 128);
    NetworkState builtIn = NetworkSession.initial("resnet18", 10, 3, 32, 32, 0);
    NetworkState model = NetworkSession.initial(spec, 10, 3, 32, 32, 0);
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      a.addAll(time(builtIn, sampler, draws));
      b.addAll(time(model, sampler, draws));
    }
    double ma = median(a);
    double mb = median(b);
    System.out.printf(Locale.ROOT, "RESULT %s draw, ResNet-18 at 99%%: built-in %.3f s, model= %.3f s (medians of %d "
        + "draws each, %d alternate rounds): model/built-in %.2fx%n", generator, ma, mb, a.size(), rounds, mb / ma);
  }

  /** Draws 1..draws on a fresh session, after one untimed warm-up draw. */
  private static List<Double> time(NetworkState state, MaskSampler sampler, int draws) {
    List<Double> out = new ArrayList<>();
    try (NetworkSession session = NetworkSession.open(state)) {
      sampler.draw(session, 1000);
      for (int i = 1; i <= draws; i++) {
        long t0 = System.nanoTime();
        sampler.draw(session, i);
        out.add((System.nanoTime() - t0) / 1e9);
      }
    }
    return out;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
