package io.fullspectrum.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the prunable layers of an architecture connect, at the level of channels: a DAG whose nodes are feature maps
 * (their channel counts) and whose operations are the prunable layers and residual sums. Batch norm, ReLU and
 * pooling keep a channel's reachability and are left out; a linear layer after a flatten reads
 * {@code features / channels} inputs per channel. Pure data: {@code masks.Connectivity} walks it.
 *
 * @param channels channel count of each node; node 0 is the input
 * @param ops in a topological order
 * @param output the node the classifier writes
 */
public record Topology(int[] channels, List<Op> ops, int output) {

  /** One operation of the DAG. */
  public sealed interface Op permits Layer, Sum {}

  /** A prunable layer reading node {@code in} and writing node {@code out}. */
  public record Layer(String name, int in, int out) implements Op {}

  /** A residual sum: node {@code out} is node {@code a} plus node {@code b}. */
  public record Sum(int a, int b, int out) implements Op {}

  public Topology {
    channels = channels.clone();
    ops = Collections.unmodifiableList(new ArrayList<>(ops));
  }

  /** Builds a topology node by node (public for architectures registered outside this package). */
  public static final class Builder {
    private final List<Integer> channels = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();

    public Builder(int inputChannels) {
      channels.add(inputChannels);
    }

    /** Adds a layer writing a new node of {@code outChannels}; returns the node. */
    public int layer(String name, int in, int outChannels) {
      channels.add(outChannels);
      ops.add(new Layer(name, in, channels.size() - 1));
      return channels.size() - 1;
    }

    /** Adds a residual sum of two nodes; returns the new node. */
    public int sum(int a, int b) {
      channels.add(channels.get(a));
      ops.add(new Sum(a, b, channels.size() - 1));
      return channels.size() - 1;
    }

    public Topology build(int output) {
      return new Topology(channels.stream().mapToInt(Integer::intValue).toArray(), ops, output);
    }
  }
}
