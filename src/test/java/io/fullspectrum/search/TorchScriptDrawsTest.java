package io.fullspectrum.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.graph.WeightedLayer;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.TorchScriptModel;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in Fashion-MNIST CNN exported to TorchScript with the same weights (src/test/resources/torchscript) draws
 * the same masks through {@code model=} as through {@code architecture=fmnist-cnn}, on the same batches, for every
 * generator, and its draws score the same four numbers a layer.
 */
class TorchScriptDrawsTest {
  private static final DataSpec DATA = new DataSpec("synthetic", "", 256);
  private static final String MODEL = TorchScriptModel.spec(Path.of("src/test/resources/torchscript/fmnist_cnn.pt"),
      "", "");

  private static MaskSet draw(String architecture, long seed, String generator, long index) {
    NetworkState state = NetworkSession.initial(architecture, 10, 1, 28, 28, seed);
    MaskSampler sampler = new MaskSampler(generator, 0.95, 3, DATA, 2, 32).withBaselineBatches(2);
    try (NetworkSession session = NetworkSession.open(state)) {
      return sampler.draw(session, index);
    }
  }

  private static long differing(MaskSet a, MaskSet b) {
    long n = 0;
    for (int l = 0; l < a.layers().size(); l++) {
      byte[] x = a.layers().get(l).mask();
      byte[] y = b.layers().get(l).mask();
      for (int i = 0; i < x.length; i++) {
        n += x[i] != y[i] ? 1 : 0;
      }
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(strings = {"magnitude", "snip", "grasp", "synflow", "random", "erk"})
  void aDrawThroughTheModelFileIsTheBuiltInsDrawToTheBit(String generator) {
    for (long index : new long[] {0, 3}) {
      MaskSet viaModel = draw(MODEL, 0, generator, index);
      MaskSet builtIn = draw("fmnist-cnn", 1, generator, index);
      assertThat(generator + " draw " + index, differing(viaModel, builtIn), equalTo(0L));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"snip"})
  void aDrawThroughTheModelFileScoresTheBuiltInsFourNumbersALayer(String generator) {
    MaskSet masks = draw(MODEL, 0, generator, 2);
    NetworkState state = NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 1);
    NetworkState viaModel = NetworkSession.initial(MODEL, 10, 1, 28, 28, 0);
    assertThat(numbers(score(viaModel, masks)), equalTo(numbers(score(state, masks))));
  }

  private static List<Double> numbers(FullSpectrumCoordinate c) {
    List<Double> out = new ArrayList<>();
    for (LayerSpectrum s : c.layers()) {
      out.addAll(List.of(s.dr(), s.drImdb(), s.lambda(), s.lambdaImsg()));
    }
    return out;
  }

  private static FullSpectrumCoordinate score(NetworkState state, MaskSet masks) {
    List<WeightedLayer> layers = new ArrayList<>();
    for (int i = 0; i < masks.layers().size(); i++) {
      LayerRecord w = state.prunable().layers().get(i);
      layers.add(WeightedLayer.view(w.name(), w.shape(), w.weights(), masks.layers().get(i).mask()));
    }
    return NetworkScorer.sparse().score(layers);
  }
}
