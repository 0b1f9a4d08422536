package io.fullspectrum.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which kept weights of a model lie on a path from its input to its output, measured on the model itself, for a
 * network whose layer graph is not known (a TorchScript file; it works on the built-in networks too, where it agrees
 * with the graph walk of search's {@code Connectivity}): with every parameter replaced by its absolute value,
 * biases and batch norm's shift and running mean zero and running variance one, masked weights zero and an all-ones
 * input, {@code R = sum(f(1))} has a nonzero gradient with respect to exactly the kept weights on such a path, and is
 * positive exactly when one exists ("Connectivity Matters", Vysogorets and Kempe 2023; SynFlow's objective). One
 * forward and backward pass of a single input a mask set, on the CPU. Not thread-safe.
 */
public final class PathProbe implements AutoCloseable {
  private final NetworkSession session;
  private final List<float[]> absolute = new ArrayList<>();

  /**
   * A probe of the network {@code architecture} names (a built-in one, or a TorchScript model's {@code model:} spec)
   * with {@code classes} outputs, for inputs of {@code chw}.
   */
  public PathProbe(String architecture, int classes, int[] chw) {
    NetworkState initial = NetworkSession.initial(architecture, classes, chw[0], chw[1], chw[2], 0);
    if (TorchScriptModel.isSpec(architecture)) {
      // A module's buffers are no parameters: running statistics neutral (mean 0, variance 1) in the state it opens.
      java.util.Set<String> buffers = new java.util.HashSet<>(TorchScriptModel.of(architecture).buffers());
      List<LayerRecord> others = new ArrayList<>();
      for (LayerRecord r : initial.others().layers()) {
        float[] v = r.weights().clone();
        if (buffers.contains(r.name()) && r.name().endsWith("running_mean")) {
          java.util.Arrays.fill(v, 0f);
        } else if (buffers.contains(r.name()) && r.name().endsWith("running_var")) {
          java.util.Arrays.fill(v, 1f);
        }
        others.add(LayerRecord.dense(r.name(), r.shape(), v));
      }
      MaskSet o = initial.others();
      initial = initial.withOthers(MaskSet.of(o.generator(), o.seed(), o.sparsity(), o.sampleIndex(), others));
    }
    for (LayerRecord r : initial.prunable().layers()) {
      float[] a = r.weights().clone();
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.abs(a[i]);
      }
      absolute.add(a);
    }
    this.session = NetworkSession.open(initial);
    // Every other parameter by its kind: shifts zero, running statistics neutral, scales and the rest positive.
    java.util.Set<Parameter> prunable = new java.util.HashSet<>();
    for (String name : session.network().layerNames()) {
      prunable.add(session.network().weight(name));
    }
    for (ai.djl.util.Pair<String, Parameter> p : session.network().block().getParameters()) {
      Parameter param = p.getValue();
      if (prunable.contains(param)) {
        continue;
      }
      float[] v = param.getArray().toFloatArray();
      for (int i = 0; i < v.length; i++) {
        v[i] = switch (param.getType()) {
          case BIAS, BETA, RUNNING_MEAN -> 0f;
          case RUNNING_VAR -> 1f;
          default -> Math.abs(v[i]);
        };
      }
      InPlace.copy(param.getArray(), v);
    }
  }

  /** What the probe found for one mask set: per layer, the kept weights on an input-output path; and R. */
  public record Paths(List<boolean[]> onPath, double flow) {
    /** Whether any path joins the input to the output. */
    public boolean connected() {
      return flow > 0;
    }
  }

  /** The kept weights on an input-to-output path, per layer in network order, and the flow {@code R}. */
  public Paths measure(List<byte[]> masks) {
    return run(masks, true);
  }

  /** Whether any kept path joins the input to the output (a forward pass only). */
  public boolean connected(List<byte[]> masks) {
    return run(masks, false).connected();
  }

  private Paths run(List<byte[]> masks, boolean gradients) {
    Network net = session.network();
    List<String> names = net.layerNames();
    for (int l = 0; l < names.size(); l++) {
      float[] w = absolute.get(l).clone();
      byte[] m = masks.get(l);
      for (int i = 0; i < w.length; i++) {
        if (m[i] == 0) {
          w[i] = 0f;
        }
      }
      net.setWeights(names.get(l), w);
    }
    return GradientSlots.run(() -> {
      NDManager manager = session.model().getNDManager();
      try (NDManager scratch = manager.newSubManager(); ThreadGradients collector = new ThreadGradients()) {
        ThreadGradients.zeroGradients(net.block());
        NDArray ones = scratch.ones(net.inputShape());
        NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(ones), false)
            .singletonOrThrow();
        NDArray r = out.sum();
        double flow = r.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        List<boolean[]> onPath = new ArrayList<>();
        if (gradients) {
          collector.backward(r);
          for (int l = 0; l < names.size(); l++) {
            Parameter p = net.weight(names.get(l));
            float[] g = p.getArray().getGradient().toFloatArray();
            byte[] m = masks.get(l);
            boolean[] on = new boolean[g.length];
            for (int i = 0; i < g.length; i++) {
              on[i] = m[i] != 0 && g[i] != 0f;
            }
            onPath.add(on);
          }
        }
        return new Paths(onPath, flow);
      }
    });
  }

  @Override
  public void close() {
    session.close();
  }

  /** The probes of this JVM by model and input shape, one per thread (a probe holds a live module). */
  private static final ThreadLocal<Map<String, PathProbe>> PROBES = ThreadLocal.withInitial(LinkedHashMap::new);

  /** This thread's probe of {@code architecture} for inputs of {@code chw}, made on first use. */
  public static PathProbe of(String architecture, int classes, int[] chw) {
    return PROBES.get().computeIfAbsent(architecture + "/" + classes + java.util.Arrays.toString(chw),
        k -> new PathProbe(architecture, classes, chw));
  }
}
