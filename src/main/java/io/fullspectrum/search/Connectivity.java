package io.fullspectrum.search;

import io.fullspectrum.graph.KeptIndices;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.PathProbe;
import io.fullspectrum.nn.Topology;
import io.fullspectrum.nn.TorchScriptModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a mask still joins the input to the output, and which kept weights lie on such a path: the
 * <i>effective sparsity</i> of Vysogorets and Kempe ("Connectivity Matters", 2023), at channel level through convs,
 * pooling and residual sums ({@link Topology}). A kept weight from input channel {@code ci} to output channel
 * {@code co} is effective iff {@code ci} is reached from the input and {@code co} reaches the output along kept
 * weights. Biases and batch-norm shifts are not counted as paths (a channel fed by a bias alone carries no signal
 * of the input). Masks merged layer by layer from different draws can lose every path; this finds out.
 */
public final class Connectivity implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String architecture;
  private final int classes;
  /** The input a TorchScript model's paths are probed with; null for a built-in architecture (its graph is known). */
  private final int[] chw;
  private transient Topology topology;
  private transient List<int[]> shapes;

  private Connectivity(String architecture, int classes, int[] chw) {
    this.architecture = architecture;
    this.classes = classes;
    this.chw = chw == null ? null : chw.clone();
  }

  /** A built-in architecture's connectivity, from its layer graph. */
  public static Connectivity of(String architecture, int classes) {
    if (TorchScriptModel.isSpec(architecture)) {
      throw new IllegalArgumentException(architecture + ": a TorchScript model's connectivity needs its input shape");
    }
    Connectivity c = new Connectivity(architecture, classes, null);
    c.topology();
    return c;
  }

  /**
   * Any network's connectivity: a built-in architecture's from its layer graph, a TorchScript model's measured on the
   * model itself ({@link PathProbe}) with inputs of {@code chw}.
   */
  public static Connectivity of(String architecture, int classes, int[] chw) {
    if (!TorchScriptModel.isSpec(architecture)) {
      return of(architecture, classes);
    }
    Connectivity c = new Connectivity(architecture, classes, chw);
    c.shapes();
    return c;
  }

  private boolean probed() {
    return chw != null;
  }

  private List<int[]> shapes() {
    if (shapes == null) {
      Architecture arch = Architecture.of(architecture, classes);
      List<int[]> s = new ArrayList<>();
      for (String name : arch.layerNames()) {
        s.add(arch.shape(name));
      }
      shapes = s;
    }
    return shapes;
  }

  private Topology topology() {
    if (topology == null) {
      topology = Architecture.of(architecture, classes).topology();
      shapes();
    }
    return topology;
  }

  /** A layer's input channels as its channel adjacency counts them. */
  private int inputChannels(int layer) {
    return probed() ? shapes().get(layer)[1] : topology().channels()[layerOp(layer).in()];
  }

  /** Kept, effective and total weights of a mask set, overall and per layer (network order). */
  public record Result(long kept, long effective, long total, long[] effectiveByLayer) implements Serializable {
    /** The share of weights that are not on any input-to-output path. */
    public double effectiveSparsity() {
      return total == 0 ? 1 : 1 - (double) effective / total;
    }

    /** Whether any path joins the input to the output. */
    public boolean connected() {
      return effective > 0;
    }
  }

  /**
   * One layer's channel adjacency, bit-packed: bit {@code co * cin + ci} is set iff some kept weight joins input
   * channel {@code ci} to output channel {@code co}. Small (Cout x Cin bits) next to the mask.
   */
  public long[] channelAdjacency(int layer, byte[] mask) {
    return channelAdjacency(layer, mask.length, KeptIndices.of(mask));
  }

  /** The same from the layer's kept flat indices ({@link KeptIndices}), for a mask of {@code length} entries. */
  private long[] channelAdjacency(int layer, int length, int[] kept) {
    int cout = shapes().get(layer)[0];
    int n = length / cout;
    int cin = inputChannels(layer);
    int per = n / cin;
    long[] bits = new long[(cout * cin + 63) / 64];
    for (int k : kept) {
      int bit = k / n * cin + k % n / per;
      bits[bit >>> 6] |= 1L << (bit & 63);
    }
    return bits;
  }

  /** Every layer's channel adjacency. */
  public List<long[]> channelAdjacency(List<byte[]> masks) {
    List<long[]> out = new ArrayList<>();
    for (int l = 0; l < masks.size(); l++) {
      out.add(channelAdjacency(l, masks.get(l)));
    }
    return out;
  }

  /** Whether the layers, given as channel adjacencies, join the input to the output. */
  public boolean connected(List<long[]> adjacency) {
    if (probed()) {
      return PathProbe.of(architecture, classes, chw).connected(channelMasks(adjacency));
    }
    boolean[][] fwd = forward(adjacency);
    return any(fwd[topology().output()]);
  }

  /** Effective sparsity of a mask set in network order. */
  public Result effective(List<byte[]> masks) {
    return measure(masks).effective();
  }

  /** A mask set's effective sparsity and its channel adjacency, found together. */
  public record Measured(Result effective, List<long[]> adjacency) {}

  /**
   * Effective sparsity and channel adjacency in one walk over each layer's kept weights (a draw's scoring needs
   * both; at 99% sparsity the kept weights are 1 in 100 of the mask's entries, so neither reads every entry twice).
   */
  public Measured measure(List<byte[]> masks) {
    if (probed()) {
      return probe(masks);
    }
    Topology t = topology();
    List<int[]> keptByLayer = new ArrayList<>();
    List<long[]> adjacency = new ArrayList<>();
    for (int l = 0; l < masks.size(); l++) {
      int[] kept = KeptIndices.of(masks.get(l));
      keptByLayer.add(kept);
      adjacency.add(channelAdjacency(l, masks.get(l).length, kept));
    }
    boolean[][] fwd = forward(adjacency);
    boolean[][] bwd = backward(adjacency);
    long kept = 0;
    long effective = 0;
    long total = 0;
    long[] byLayer = new long[masks.size()];
    for (int l = 0; l < masks.size(); l++) {
      Topology.Layer op = layerOp(l);
      int length = masks.get(l).length;
      int n = length / shapes().get(l)[0];
      int per = n / t.channels()[op.in()];
      boolean[] in = fwd[op.in()];
      boolean[] out = bwd[op.out()];
      for (int k : keptByLayer.get(l)) {
        if (out[k / n] && in[k % n / per]) {
          byLayer[l]++;
        }
      }
      kept += keptByLayer.get(l).length;
      effective += byLayer[l];
      total += length;
    }
    return new Measured(new Result(kept, effective, total, byLayer), adjacency);
  }

  /** A TorchScript model's connectivity, measured on the model ({@link PathProbe}). */
  private Measured probe(List<byte[]> masks) {
    PathProbe.Paths paths = PathProbe.of(architecture, classes, chw).measure(masks);
    long kept = 0;
    long effective = 0;
    long total = 0;
    long[] byLayer = new long[masks.size()];
    List<long[]> adjacency = new ArrayList<>();
    for (int l = 0; l < masks.size(); l++) {
      byte[] m = masks.get(l);
      boolean[] on = paths.onPath().get(l);
      for (int i = 0; i < m.length; i++) {
        kept += m[i] != 0 ? 1 : 0;
        byLayer[l] += on[i] ? 1 : 0;
      }
      effective += byLayer[l];
      total += m.length;
      adjacency.add(channelAdjacency(l, m));
    }
    return new Measured(new Result(kept, effective, total, byLayer), adjacency);
  }

  /** Masks that keep every weight of each channel pair an adjacency joins (what a merge's connectivity needs). */
  private List<byte[]> channelMasks(List<long[]> adjacency) {
    List<byte[]> masks = new ArrayList<>();
    for (int l = 0; l < adjacency.size(); l++) {
      int[] shape = shapes().get(l);
      int length = 1;
      for (int d : shape) {
        length *= d;
      }
      int cin = inputChannels(l);
      int n = length / shape[0];
      int per = n / cin;
      long[] bits = adjacency.get(l);
      byte[] m = new byte[length];
      for (int k = 0; k < length; k++) {
        int bit = k / n * cin + k % n / per;
        m[k] = (byte) ((bits[bit >>> 6] >>> (bit & 63)) & 1L);
      }
      masks.add(m);
    }
    return masks;
  }

  private Topology.Layer layerOp(int layer) {
    int seen = 0;
    for (Topology.Op op : topology().ops()) {
      if (op instanceof Topology.Layer l && seen++ == layer) {
        return l;
      }
    }
    throw new IllegalArgumentException(architecture + " has no prunable layer number " + layer);
  }

  /** Channels reached from the input along kept weights. */
  private boolean[][] forward(List<long[]> adjacency) {
    Topology t = topology();
    boolean[][] reach = new boolean[t.channels().length][];
    for (int i = 0; i < reach.length; i++) {
      reach[i] = new boolean[t.channels()[i]];
    }
    java.util.Arrays.fill(reach[0], true);
    int layer = 0;
    for (Topology.Op op : t.ops()) {
      if (op instanceof Topology.Layer l) {
        long[] bits = adjacency.get(layer++);
        int cin = t.channels()[l.in()];
        boolean[] in = reach[l.in()];
        boolean[] out = reach[l.out()];
        for (int co = 0; co < out.length; co++) {
          for (int ci = 0; ci < cin && !out[co]; ci++) {
            int bit = co * cin + ci;
            out[co] = in[ci] && (bits[bit >>> 6] >>> (bit & 63) & 1L) != 0;
          }
        }
      } else if (op instanceof Topology.Sum s) {
        for (int c = 0; c < reach[s.out()].length; c++) {
          reach[s.out()][c] = reach[s.a()][c] || reach[s.b()][c];
        }
      }
    }
    return reach;
  }

  /** Channels that reach the output along kept weights. */
  private boolean[][] backward(List<long[]> adjacency) {
    Topology t = topology();
    boolean[][] reach = new boolean[t.channels().length][];
    for (int i = 0; i < reach.length; i++) {
      reach[i] = new boolean[t.channels()[i]];
    }
    java.util.Arrays.fill(reach[t.output()], true);
    List<Topology.Op> ops = t.ops();
    int layer = adjacency.size();
    for (int k = ops.size() - 1; k >= 0; k--) {
      Topology.Op op = ops.get(k);
      if (op instanceof Topology.Layer l) {
        long[] bits = adjacency.get(--layer);
        int cin = t.channels()[l.in()];
        boolean[] in = reach[l.in()];
        boolean[] out = reach[l.out()];
        for (int co = 0; co < out.length; co++) {
          if (!out[co]) {
            continue;
          }
          for (int ci = 0; ci < cin; ci++) {
            int bit = co * cin + ci;
            if ((bits[bit >>> 6] >>> (bit & 63) & 1L) != 0) {
              in[ci] = true;
            }
          }
        }
      } else if (op instanceof Topology.Sum s) {
        for (int c = 0; c < reach[s.out()].length; c++) {
          reach[s.a()][c] |= reach[s.out()][c];
          reach[s.b()][c] |= reach[s.out()][c];
        }
      }
    }
    return reach;
  }

  private static boolean any(boolean[] v) {
    for (boolean b : v) {
      if (b) {
        return true;
      }
    }
    return false;
  }
}
