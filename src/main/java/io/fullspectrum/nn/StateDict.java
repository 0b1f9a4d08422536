package io.fullspectrum.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.fullspectrum.schemas.NpyArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch {@code state_dict} names of a network's parameters, so that weights saved in PyTorch with
 * {@code numpy.savez(path, **{k: v.numpy() for k, v in model.state_dict().items()})} load into our DJL block and
 * back. A prunable layer {@code L} has {@code L.weight} (and {@code L.bias} when it is linear); a batch norm
 * {@code N} has {@code N.weight} (gamma), {@code N.bias} (beta), {@code N.running_mean} and {@code N.running_var}.
 * Batch norms are named after the layer they follow: {@code bn1}, {@code bn2} (fmnist-cnn, the ResNet stem),
 * {@code layerX.Y.bn1}, {@code layerX.Y.bn2}, {@code layerX.Y.shortcut.1} (ResNets), {@code features.I.bn} (VGG-16).
 * PyTorch's {@code num_batches_tracked} counters are accepted and ignored.
 */
public final class StateDict {
  private static final String TRACKED = ".num_batches_tracked";

  private StateDict() {}

  /** Every parameter of the network under its state-dict name, in network order. */
  public static Map<String, Parameter> names(Network net) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    Map<String, Block> prunable = net.prunableBlocks();
    for (Map.Entry<String, Block> e : prunable.entrySet()) {
      out.put(e.getKey() + ".weight", e.getValue().getParameters().get("weight"));
      if (e.getValue().getParameters().contains("bias")) {
        out.put(e.getKey() + ".bias", e.getValue().getParameters().get("bias"));
      }
    }
    for (Map.Entry<String, Block> e : net.normBlocks().entrySet()) {
      var p = e.getValue().getParameters();
      out.put(e.getKey() + ".weight", p.get("gamma"));
      out.put(e.getKey() + ".bias", p.get("beta"));
      out.put(e.getKey() + ".running_mean", p.get("runningMean"));
      out.put(e.getKey() + ".running_var", p.get("runningVar"));
    }
    return out;
  }

  /** The expected shape of each state-dict entry (linear weights {@code (out, in)}, conv {@code (out, in, kh, kw)}). */
  public static Map<String, int[]> shapes(Network net) {
    Map<String, int[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : names(net).entrySet()) {
      String name = e.getKey();
      String layer = name.substring(0, name.lastIndexOf('.'));
      if (name.endsWith(".weight") && net.prunableBlocks().containsKey(layer)) {
        out.put(name, net.architecture().shape(layer));
      } else {
        out.put(name, new int[] {(int) e.getValue().getArray().size()});
      }
    }
    return out;
  }

  /**
   * Sets every parameter of the (initialised) network from the arrays.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException one line naming the file and the missing, unknown, misshapen or non-finite
   *     array
   */
  public static void load(Network net, Map<String, NpyArray> arrays, String source) {
    Map<String, Parameter> params = names(net);
    Map<String, int[]> shapes = shapes(net);
    List<String> unknown = new ArrayList<>();
    for (String key : arrays.keySet()) {
      if (!params.containsKey(key) && !key.endsWith(TRACKED)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + unknown.get(0) + " is not a parameter of "
          + net.architecture().name() + " (its state-dict names: " + Architecture.few(params.keySet()) + ")");
    }
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      String key = e.getKey();
      NpyArray a = arrays.get(key);
      if (a == null) {
        throw new IllegalArgumentException(source + ": missing " + key + " of " + net.architecture().name());
      }
      int[] expected = shapes.get(key);
      if (!Arrays.equals(a.shape(), expected)) {
        throw new IllegalArgumentException(source + ": " + key + " has shape " + Arrays.toString(a.shape())
            + ", " + net.architecture().name() + " needs " + Arrays.toString(expected));
      }
      if (!a.isFloating()) {
        throw new IllegalArgumentException(source + ": " + key + " is not a floating-point array");
      }
      float[] v = a.toFloats();
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new IllegalArgumentException(source + ": " + key + "[" + i + "] is " + v[i]);
        }
      }
      InPlace.copy(e.getValue().getArray(), v);
    }
  }
}
