package io.fullspectrum.generators;

import io.fullspectrum.nn.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * GraSP as the authors run it (method §5): {@code g} is the gradient summed over the first pass's minibatches,
 * {@code Hg} its Hessian-vector product by double back-propagation ({@link HessianVectorProduct}) over the second
 * pass's; the score is {@code (Hg) ⊙ w} and the <b>highest</b> are kept (the authors' {@code _global_mask} keeps
 * {@code score > threshold}; the original GraSP removes the top of {@code -w ⊙ Hg}, the same set). The logits are
 * divided by the temperature: 1 by default, the authors' effective value (their division by 200 acts on a
 * {@code log_softmax} output and only scales the loss). {@link #finiteDifference} is the public-API alternative
 * the tests compare with.
 */
public final class GraspGenerator extends ScoreBasedGenerator {
  /** The original GraSP repository's temperature on the logits, a choice ({@code grasp.temperature=200}). */
  static final float ORIGINAL_TEMPERATURE = 200f;
  static final double RELATIVE_STEP = 1e-2;
  private final float temperature;

  /** GraSP at the authors' effective temperature, 1. */
  public GraspGenerator() {
    this(GeneratorOptions.DEFAULTS.graspTemperature());
  }

  public GraspGenerator(float temperature) {
    this.temperature = temperature;
  }

  float temperature() {
    return temperature;
  }

  @Override
  public boolean needsData() {
    return true;
  }

  @Override
  public String name() {
    return "grasp";
  }

  /** The authors' normalisation: divided by {@code |sum of all scores| + 1e-10}. */
  @Override
  public List<float[]> normalized(List<float[]> scores) {
    return ScoringGenerator.divided(scores, Math.abs(ScoringGenerator.sum(scores)) + 1e-10);
  }

  @Override
  public List<float[]> scores(GeneratorInput input, long seed) {
    Network net = input.network();
    List<float[]> g = Gradients.of(net, input.batches(), temperature);
    List<ai.djl.nn.Parameter> weights = new ArrayList<>();
    for (String name : net.layerNames()) {
      weights.add(net.weight(name));
    }
    List<float[]> hg = HessianVectorProduct.of(net.block(), weights, input.secondPass(), temperature, g);
    List<float[]> out = new ArrayList<>();
    List<String> names = net.layerNames();
    for (int l = 0; l < names.size(); l++) {
      float[] w = net.weights(names.get(l));
      float[] h = hg.get(l);
      for (int i = 0; i < w.length; i++) {
        h[i] = h[i] * w[i];
      }
      out.add(h);
    }
    return out;
  }

  /**
   * {@code H v} by central differences of float32 gradients, {@code (∇L(w + εv) − ∇L(w − εv)) / 2ε} with the step
   * {@code ε·||v||} at {@link #RELATIVE_STEP} of {@code ||w||}; the weights are restored afterwards.
   */
  static List<float[]> finiteDifference(Network net, GeneratorInput input, List<float[]> v, float temperature) {
    List<String> names = net.layerNames();
    List<float[]> w0 = new ArrayList<>();
    double wNorm = 0;
    double vNorm = 0;
    for (int l = 0; l < names.size(); l++) {
      float[] w = net.weights(names.get(l));
      w0.add(w);
      for (int i = 0; i < w.length; i++) {
        wNorm += (double) w[i] * w[i];
        vNorm += (double) v.get(l)[i] * v.get(l)[i];
      }
    }
    if (vNorm == 0) {
      List<float[]> zeros = new ArrayList<>();
      for (float[] w : w0) {
        zeros.add(new float[w.length]);
      }
      return zeros;
    }
    double eps = RELATIVE_STEP * Math.sqrt(wNorm) / Math.sqrt(vNorm);
    try {
      shift(net, w0, v, eps);
      List<float[]> plus = Gradients.of(net, input.secondPass(), temperature);
      shift(net, w0, v, -eps);
      List<float[]> minus = Gradients.of(net, input.secondPass(), temperature);
      List<float[]> out = new ArrayList<>();
      for (int l = 0; l < names.size(); l++) {
        float[] h = new float[plus.get(l).length];
        for (int i = 0; i < h.length; i++) {
          h[i] = (float) ((plus.get(l)[i] - (double) minus.get(l)[i]) / (2 * eps));
        }
        out.add(h);
      }
      return out;
    } finally {
      for (int l = 0; l < names.size(); l++) {
        net.setWeights(names.get(l), w0.get(l));
      }
    }
  }

  private static void shift(Network net, List<float[]> w0, List<float[]> v, double eps) {
    List<String> names = net.layerNames();
    for (int l = 0; l < names.size(); l++) {
      float[] w = w0.get(l).clone();
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (w[i] + eps * v.get(l)[i]);
      }
      net.setWeights(names.get(l), w);
    }
  }
}
