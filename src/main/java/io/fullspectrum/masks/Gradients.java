package io.fullspectrum.masks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.fullspectrum.nn.Network;
import io.fullspectrum.nn.train.GradientLock;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradients of the cross-entropy loss with respect to the prunable weights, summed over minibatches, with the
 * network in eval mode (spec §5: scores are taken on the model in eval mode). Runs under {@link GradientLock}.
 */
final class Gradients {
  private Gradients() {}

  /**
   * @param temperature logits are divided by it (GraSP uses 200; 1 for SNIP)
   */
  static List<float[]> of(Network network, List<NDList[]> minibatches, float temperature) {
    if (minibatches == null || minibatches.isEmpty()) {
      throw new IllegalArgumentException("this generator needs scoring minibatches");
    }
    return GradientLock.run(() -> {
      NDManager manager = network.weight(network.layerNames().get(0)).getArray().getManager();
      ParameterStore store = new ParameterStore(manager, false);
      Loss loss = Loss.softmaxCrossEntropyLoss();
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        GradientLock.zeroGradients(network.block());
        for (NDList[] batch : minibatches) {
          NDArray logits = network.block().forward(store, batch[0], false).singletonOrThrow();
          if (temperature != 1f) {
            logits = logits.div(temperature);
          }
          collector.backward(loss.evaluate(batch[1], new NDList(logits)));
        }
      }
      List<float[]> grads = new ArrayList<>();
      for (String name : network.layerNames()) {
        grads.add(network.weight(name).getArray().getGradient().toFloatArray());
      }
      return grads;
    });
  }
}
