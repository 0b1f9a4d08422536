package io.fullspectrum.generators;

import io.fullspectrum.generators.GlobalTopK;
import io.fullspectrum.generators.RandomScores;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.InitialWeights;
import io.fullspectrum.nn.TorchScriptModel;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded example: an architecture at its method §6 initialisation with a global Random mask (method §5), for
 * the {@code score} pipeline's default, benchmarks and examples.
 */
public final class ExampleNetwork {
  private ExampleNetwork() {}

  /**
   * The architecture's initial weights (seeded; a TorchScript model's own) and a global Random mask at
   * {@code sparsity}, as one mask set.
   */
  public static MaskSet randomMasked(Architecture arch, double sparsity, long seed) {
    List<String> names = arch.layerNames();
    List<Integer> sizes = new ArrayList<>();
    List<float[]> weights = new ArrayList<>();
    java.util.Map<String, float[]> own = TorchScriptModel.isSpec(arch.name())
        ? TorchScriptModel.of(arch.name()).prunableWeights() : null;
    for (int i = 0; i < names.size(); i++) {
      float[] w = own != null ? own.get(names.get(i)) : InitialWeights.draw(arch.shape(names.get(i)), seed, i);
      weights.add(w);
      sizes.add(w.length);
    }
    byte[][] masks = RandomScores.globalTopK(sizes, seed, GlobalTopK.keepCount(sparsity, arch.totalWeights()));
    List<LayerRecord> layers = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      layers.add(LayerRecord.of(names.get(i), arch.shape(names.get(i)), weights.get(i), masks[i]));
    }
    return MaskSet.of("random", seed, sparsity, 0, layers);
  }
}
