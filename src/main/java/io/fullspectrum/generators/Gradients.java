package io.fullspectrum.generators;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.fullspectrum.nn.GradientSlots;
import io.fullspectrum.nn.Network;
import io.fullspectrum.nn.ThreadGradients;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradients of the cross-entropy loss with respect to the prunable weights, summed over minibatches (each
 * minibatch's loss is its mean, as PyTorch's {@code nll_loss}), with the network in eval mode (method §5: scores are
 * taken on the model in eval mode). Takes its gradients on the calling thread only ({@link ThreadGradients}).
 */
final class Gradients {
  private Gradients() {}

  static List<float[]> of(Network network, List<NDList[]> minibatches, float temperature) {
    return of(network, ScoringBatches.of(minibatches), temperature);
  }

  /**
   * @param temperature logits are divided by it (1: plain cross-entropy)
   * @throws IllegalArgumentException when there are no minibatches
   */
  static List<float[]> of(Network network, ScoringBatches minibatches, float temperature) {
    return GradientSlots.run(() -> {
      NDManager manager = network.weight(network.layerNames().get(0)).getArray().getManager();
      ParameterStore store = new ParameterStore(manager, false);
      Loss loss = Loss.softmaxCrossEntropyLoss();
      int[] seen = {0};
      // 1/T in PyTorch-owned memory, held until the end (see HessianVectorProduct: a scalar made from Java data
      // lives on a direct buffer the collector may free while a graph still reads it).
      NDArray made = temperature == 1f ? null : manager.create(1f / temperature);
      NDArray inverseT = made == null ? null : made.duplicate();
      try (ThreadGradients collector = new ThreadGradients()) {
        ThreadGradients.zeroGradients(network.block());
        minibatches.forEach(batch -> {
          NDArray logits = network.block().forward(store, batch[0], false).singletonOrThrow();
          if (inverseT != null) {
            logits = logits.mul(inverseT);
          }
          collector.backward(loss.evaluate(batch[1], new NDList(logits)));
          seen[0]++;
        });
      }
      if (made != null) {
        made.close();
        inverseT.close();
      }
      if (seen[0] == 0) {
        throw new IllegalArgumentException("this generator needs scoring minibatches");
      }
      List<float[]> grads = new ArrayList<>();
      for (String name : network.layerNames()) {
        grads.add(network.weight(name).getArray().getGradient().toFloatArray());
      }
      return grads;
    });
  }
}
