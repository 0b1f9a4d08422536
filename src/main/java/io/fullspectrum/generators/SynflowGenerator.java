package io.fullspectrum.generators;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.fullspectrum.nn.GradientSlots;
import io.fullspectrum.nn.InitialWeights;
import io.fullspectrum.nn.Network;
import io.fullspectrum.nn.ThreadGradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SynFlow (Tanaka et al. 2020), data-free: with every parameter replaced by its absolute value and batch norm in
 * eval mode, {@code R = sum(f(1))} on an all-ones input; scores {@code |w ⊙ dR/dw|}; pruned over
 * {@code iterations} rounds (the authors' 10) to densities {@code p^(k/iterations)}, masks applied before each
 * round. SynFlow is deterministic in the weights, so a PAGS draw would repeat the baseline: as the authors'
 * {@code add_noise}, a perturbed draw ({@link GeneratorInput#perturb}) first adds fresh noise of the layer's
 * initialisation scale ({@link InitialWeights#std}), seeded by the draw, to the prunable weights it scores.
 */
public final class SynflowGenerator implements MaskGenerator {
  private final int iterations;

  public SynflowGenerator(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("synflow iterations " + iterations + " must be at least 1");
    }
    this.iterations = iterations;
  }

  @Override
  public String name() {
    return "synflow";
  }

  @Override
  public List<byte[]> generate(GeneratorInput input, double sparsity, long seed) {
    ScoreBasedGenerator.checkSparsity(sparsity);
    Network net = input.network();
    List<String> names = net.layerNames();
    Map<Parameter, float[]> saved = new HashMap<>();
    for (Pair<String, Parameter> p : net.block().getParameters()) {
      saved.put(p.getValue(), p.getValue().getArray().toFloatArray());
    }
    Map<Parameter, float[]> scored = new HashMap<>(saved);
    if (input.perturb()) {
      SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
      for (String name : names) {
        Parameter weight = net.weight(name);
        float[] w = saved.get(weight).clone();
        double std = InitialWeights.std(net.architecture().shape(name));
        for (int i = 0; i < w.length; i++) {
          w[i] += (float) (InitialWeights.gaussian(random) * std);
        }
        scored.put(weight, w);
      }
    }
    List<Integer> sizes = ScoreBasedGenerator.sizes(net);
    long total = sizes.stream().mapToLong(Integer::longValue).sum();
    List<byte[]> masks = new ArrayList<>();
    for (int size : sizes) {
      byte[] m = new byte[size];
      Arrays.fill(m, (byte) 1);
      masks.add(m);
    }
    try {
      for (Map.Entry<Parameter, float[]> e : scored.entrySet()) {
        float[] abs = e.getValue().clone();
        for (int i = 0; i < abs.length; i++) {
          abs[i] = Math.abs(abs[i]);
        }
        io.fullspectrum.nn.InPlace.copy(e.getKey().getArray(), abs);
      }
      for (int k = 1; k <= iterations; k++) {
        List<float[]> absWeights = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
          float[] w = scored.get(net.weight(names.get(l))).clone();
          for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i]) * masks.get(l)[i];
          }
          net.setWeights(names.get(l), w);
          absWeights.add(w);
        }
        List<float[]> grads = synapticFlowGradients(net);
        List<float[]> scores = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
          float[] s = grads.get(l);
          float[] w = absWeights.get(l);
          for (int i = 0; i < s.length; i++) {
            s[i] = masks.get(l)[i] == 0 ? Float.NEGATIVE_INFINITY : Math.abs(s[i] * w[i]);
          }
          scores.add(s);
        }
        double density = Math.pow(1 - sparsity, (double) k / iterations);
        long keep = k == iterations ? GlobalTopK.keepCount(sparsity, total) : (long) Math.floor(density * total);
        masks = Arrays.asList(GlobalTopK.select(scores, keep));
      }
      return masks;
    } finally {
      for (Map.Entry<Parameter, float[]> e : saved.entrySet()) {
        io.fullspectrum.nn.InPlace.copy(e.getKey().getArray(), e.getValue());
      }
    }
  }

  private static List<float[]> synapticFlowGradients(Network net) {
    return GradientSlots.run(() -> {
      NDManager manager = net.weight(net.layerNames().get(0)).getArray().getManager();
      try (NDManager scratch = manager.newSubManager(); ThreadGradients collector = new ThreadGradients()) {
        ThreadGradients.zeroGradients(net.block());
        NDArray ones = scratch.ones(net.inputShape());
        NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(ones), false)
            .singletonOrThrow();
        collector.backward(out.sum());
      }
      List<float[]> grads = new ArrayList<>();
      for (String name : net.layerNames()) {
        grads.add(net.weight(name).getArray().getGradient().toFloatArray());
      }
      return grads;
    });
  }
}
