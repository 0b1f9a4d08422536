package example;

import io.fullspectrum.masks.GlobalTopK;
import io.fullspectrum.masks.RandomScores;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.InitialWeights;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a small "sweep": the Fashion-MNIST CNN pruned at random to three sparsities, as .npz state dicts. */
public final class MakeSweep {
  public static void main(String[] args) throws Exception {
    Path folder = Files.createDirectories(Path.of(args[0]));
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    List<String> names = arch.layerNames();
    double[] sparsities = {0.5, 0.9, 0.98};
    for (int s = 0; s < sparsities.length; s++) {
      List<Integer> sizes = new ArrayList<>();
      List<float[]> weights = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        float[] w = InitialWeights.draw(arch.shape(names.get(i)), s, i);
        weights.add(w);
        sizes.add(w.length);
      }
      byte[][] masks = GlobalTopK.select(RandomScores.draw(sizes, s),
          GlobalTopK.keepCount(sparsities[s], arch.totalWeights()));
      List<LayerRecord> layers = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        layers.add(LayerRecord.of(names.get(i), arch.shape(names.get(i)), weights.get(i), masks[i]));
      }
      NetworkFiles.writeNpz(MaskSet.of("random", s, sparsities[s], 0, layers),
          folder.resolve("sparsity-" + sparsities[s] + ".npz"));
    }
  }
}
