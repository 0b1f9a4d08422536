package example;

import io.fullspectrum.generators.ExampleNetwork;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.schemas.NetworkFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a small "sweep": the Fashion-MNIST CNN pruned at random to three sparsities, as .npz state dicts. */
public final class MakeSweep {
  public static void main(String[] args) throws Exception {
    Path folder = Files.createDirectories(Path.of(args[0]));
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    double[] sparsities = {0.5, 0.9, 0.98};
    for (int s = 0; s < sparsities.length; s++) {
      NetworkFiles.writeNpz(ExampleNetwork.randomMasked(arch, sparsities[s], s),
          folder.resolve("sparsity-" + sparsities[s] + ".npz"));
    }
  }
}
