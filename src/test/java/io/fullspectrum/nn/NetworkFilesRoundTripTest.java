package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.generators.RandomGenerator;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network's weights and masks out to .npz and Arrow and back onto the same network. */
class NetworkFilesRoundTripTest {
  @TempDir Path dir;

  @Test
  void masksAndWeightsSurviveNpzAndArrowAndFitTheNetwork() throws Exception {
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Network net = Networks.build(arch, 1, 28, 28).initialize(manager, 4);
      List<byte[]> masks = new RandomGenerator().generate(new GeneratorInput(net, List.of()), 0.9, 2);
      MaskSet set = net.toMaskSet("random", 2, 0.9, 0, masks);
      NetworkFiles.writeNpz(set, dir.resolve("net.npz"));
      MaskSetArrow.writeFile(set, dir.resolve("net.arrow"));
      for (Path file : List.of(dir.resolve("net.npz"), dir.resolve("net.arrow"))) {
        MaskSet back = NetworkFiles.read(file);
        List<byte[]> restored = net.masksOf(back);
        for (int l = 0; l < masks.size(); l++) {
          assertThat(file + " " + l, restored.get(l), equalTo(masks.get(l)));
          assertThat(back.layers().get(l).weights(), equalTo(set.layers().get(l).weights()));
        }
      }
    }
  }

  @Test
  void aMaskSetWithAWronglyShapedLayerIsRejectedByName() {
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Network net = Networks.build(arch, 1, 28, 28).initialize(manager, 4);
      MaskSet set = net.toMaskSet("x", 0, 0.5, 0, null);
      List<LayerRecord> layers = new ArrayList<>(set.layers());
      layers.set(1, LayerRecord.of("conv2", new int[] {64, 16, 3, 3}, null, new byte[64 * 16 * 9]));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.masksOf(MaskSet.of("x", 0, 0.5, 0, layers)));
      assertThat(e.getMessage(), containsString("layer conv2: mask shape [64, 16, 3, 3]"));
    }
  }
}
