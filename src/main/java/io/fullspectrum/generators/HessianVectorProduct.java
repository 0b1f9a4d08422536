package io.fullspectrum.generators;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.fullspectrum.nn.GradientSlots;
import io.fullspectrum.nn.GraphCycles;
import io.fullspectrum.nn.NativeMemory;
import io.fullspectrum.nn.TorchScriptBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code H v} for the summed, temperature-scaled cross-entropy over minibatches (one minibatch at a time, so a
 * pass over the whole training set holds one batch's graph), by PyTorch's double
 * back-propagation: DJL's {@code GradientCollector} passes {@code createGraph=false}, so we call its JNI layer
 * ({@code JniUtils.backward(loss, ones, keepGraph, createGraph=true)}), then back-propagate
 * {@code sum(grad ⊙ v)}. Exact to float32 rounding; a central difference of float32 gradients is not (the tests
 * show both). The weights are replaced, for this computation only, by fresh leaf copies: a gradient made with
 * {@code createGraph} keeps its graph, and PyTorch would otherwise chain the next call onto that freed graph.
 * Runs on the calling thread alone, with grad mode set on this thread and restored (no JVM-wide lock: see
 * {@link io.fullspectrum.nn.ThreadGradients}). The first backward leaves each leaf and its gradient in a reference
 * cycle, cut once the gradient is read ({@link GraphCycles}).
 */
public final class HessianVectorProduct {
  private HessianVectorProduct() {}

  /**
   * {@code H v} summed over the minibatches, each minibatch's product taken on its own graph.
   *
   * @param block evaluated in inference mode (batch norm on running statistics)
   * @param parameters the parameters {@code H} is taken over, in the order of {@code v}
   */
  public static List<float[]> of(Block block, List<Parameter> parameters, ScoringBatches minibatches,
      float temperature, List<float[]> v) {
    List<float[]> total = new ArrayList<>();
    for (float[] x : v) {
      total.add(new float[x.length]);
    }
    int[] seen = {0};
    minibatches.forEach(batch -> {
      List<float[]> part = of(block, parameters, List.<NDList[]>of(batch), temperature, v);
      for (int l = 0; l < total.size(); l++) {
        float[] t = total.get(l);
        float[] p = part.get(l);
        for (int i = 0; i < t.length; i++) {
          t[i] += p[i];
        }
      }
      seen[0]++;
    });
    if (seen[0] == 0) {
      throw new IllegalArgumentException("this generator needs scoring minibatches");
    }
    return total;
  }

  /**
   * @param block evaluated in inference mode (batch norm on running statistics)
   * @param parameters the parameters {@code H} is taken over, in the order of {@code v}
   */
  public static List<float[]> of(Block block, List<Parameter> parameters, List<NDList[]> minibatches,
      float temperature, List<float[]> v) {
    if (!GraphCycles.cutsWhole(parameters.get(0).getArray().getDevice())) {
      // The cycle stays (GraphCycles.cut): its nodes must not fragment the heap.
      NativeMemory.mapLargeBuffersFromNowOn();
    }
    return GradientSlots.run(() -> {
      NDManager manager = parameters.get(0).getArray().getManager();
      List<float[]> out = new ArrayList<>();
      boolean gradMode = JniUtils.isGradMode();
      // A TorchScript module reads its own tensors, not the ParameterStore: its prunable weights are the leaves
      // themselves, and its other parameters stop taking gradients until the product is done.
      boolean module = block instanceof TorchScriptBlock;
      List<NDArray> frozen = new ArrayList<>();
      try (NDManager scratch = manager.newSubManager()) {
        Map<String, NDArray> leaves = new HashMap<>();
        List<NDArray> weights = new ArrayList<>();
        for (Parameter p : parameters) {
          NDArray leaf = module ? p.getArray() : p.getArray().duplicate();
          if (!module) {
            leaf.attach(scratch);
          }
          leaf.setRequiresGradient(true);
          leaves.put(p.getId(), leaf);
          weights.add(leaf);
        }
        if (module) {
          java.util.Set<String> prunable = leaves.keySet();
          for (ai.djl.util.Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (!prunable.contains(p.getValue().getId()) && p.getValue().requiresGradient()) {
              a.setRequiresGradient(false);
              frozen.add(a);
            }
          }
        }
        JniUtils.setGradMode(true);
        NDArray total = null;
        ParameterStore store = new ParameterStore(manager, false) {
          @Override
          public NDArray getValue(Parameter parameter, Device device, boolean training) {
            NDArray leaf = parameter == null ? null : leaves.get(parameter.getId());
            if (leaf != null) {
              return leaf;
            }
            // Every other parameter (biases, batch norm) enters as a constant: were it differentiated, its
            // .grad would take the create_graph history and chain every later draw's graph onto it (a leak).
            NDArray value = super.getValue(parameter, device, training);
            if (value == null) {
              return null;
            }
            NDArray constant = value.stopGradient();
            constant.attach(scratch);
            return constant;
          }
        };
        // Tensors made from Java data (the 1/T scalar, v) back onto direct buffers that only their Java
        // wrappers keep alive, while the graph kept for the second backward still reads them: every one is made
        // here, kept reachable in `held` until both backward passes are done, and copied into PyTorch-owned memory.
        List<NDArray> held = new ArrayList<>();
        NDArray inverseT = null;
        if (temperature != 1f) {
          NDArray made = scratch.create(1f / temperature);
          held.add(made);
          inverseT = made.duplicate();
          held.add(inverseT);
        }
        for (NDList[] b : minibatches) {
          NDArray logits = block.forward(store, b[0], false).singletonOrThrow();
          NDArray scaled = inverseT == null ? logits : logits.mul(inverseT);
          NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(b[1], new NDList(scaled));
          total = total == null ? loss : total.add(loss);
        }
        JniUtils.backward((PtNDArray) total, (PtNDArray) scratch.ones(total.getShape()), true, true);
        NDArray z = null;
        for (int l = 0; l < weights.size(); l++) {
          NDArray grad = weights.get(l).getGradient();
          NDArray made = scratch.create(v.get(l));
          held.add(made);
          NDArray vl = made.reshape(grad.getShape()).duplicate();
          held.add(vl);
          NDArray term = grad.mul(vl).sum();
          z = z == null ? term : z.add(term);
        }
        for (NDArray w : weights) {
          JniUtils.zeroGrad((PtNDArray) w);
        }
        JniUtils.backward((PtNDArray) z, (PtNDArray) scratch.ones(z.getShape()), false, false);
        for (NDArray w : weights) {
          NDArray grad = w.getGradient();
          out.add(grad.toFloatArray());
          // The first backward left w.grad with a graph that refers to w: a cycle PyTorch never frees.
          GraphCycles.cut(grad, w);
          grad.close();
        }
        held.forEach(NDArray::close);
        if (module) {
          for (NDArray w : weights) {
            JniUtils.zeroGrad((PtNDArray) w);
          }
        }
      } finally {
        JniUtils.setGradMode(gradMode);
        frozen.forEach(a -> a.setRequiresGradient(true));
      }
      return out;
    });
  }
}
