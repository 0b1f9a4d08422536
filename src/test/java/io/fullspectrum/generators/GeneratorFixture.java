package io.fullspectrum.generators;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.Network;
import io.fullspectrum.nn.Networks;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.data.SyntheticImages;
import java.util.ArrayList;
import java.util.List;

/** A small initialised network and scoring minibatches on a model the test closes. */
final class GeneratorFixture implements AutoCloseable {
  static final Preprocessing GREY = new Preprocessing(new float[] {0.5f}, new float[] {0.25f}, 0, false);
  final Model model;
  final Network network;
  final GeneratorInput input;
  final List<NDList[]> minibatches;

  GeneratorFixture(long seed, int batches, int batchSize) {
    Architecture arch = Architecture.of("fmnist-cnn", 4);
    network = Networks.build(arch, 1, 28, 28);
    model = Model.newInstance("fixture", "PyTorch");
    model.setBlock(network.block());
    network.initialize(model.getNDManager(), seed);
    ImageSet data = SyntheticImages.generate(batches * batchSize, 1, 28, 28, 4, seed + 1);
    NDManager manager = model.getNDManager();
    minibatches = new ArrayList<>();
    for (Batch b : ImageBatches.evaluation(data, GREY, batchSize).getData(manager)) {
      minibatches.add(new NDList[] {b.getData(), b.getLabels()});
    }
    input = new GeneratorInput(network, minibatches);
  }

  /** The batches of an input made from a list, in order. */
  static List<NDList[]> batchesOf(GeneratorInput input) {
    List<NDList[]> out = new ArrayList<>();
    input.batches().forEach(out::add);
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
