package io.fullspectrum.nn;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A live DJL model of a {@link NetworkState}, and the way back: what a stage opens, works on and captures. */
public final class NetworkSession implements AutoCloseable {
  private final Model model;
  private final Network network;
  private final NetworkState origin;

  private NetworkSession(Model model, Network network, NetworkState origin) {
    this.model = model;
    this.network = network;
    this.origin = origin;
  }

  /** A freshly initialised network (method §6) as a state with dense masks. */
  public static NetworkState initial(String architecture, int classes, int channels, int height, int width,
      long seed) {
    return initial(architecture, classes, channels, height, width, seed, Initialisation.AUTHORS);
  }

  /** A freshly initialised network, by {@code init}, as a state with dense masks. */
  public static NetworkState initial(String architecture, int classes, int channels, int height, int width,
      long seed, Initialisation init) {
    Architecture arch = Architecture.of(architecture, classes);
    Network net = Networks.build(arch, channels, height, width);
    try (Model model = Model.newInstance(architecture, ai.djl.Device.cpu(), "PyTorch")) {
      model.setBlock(net.block());
      net.initialize(model.getNDManager(), seed, init);
      return capture(net, architecture, classes, channels, height, width, null, "init", seed);
    }
  }

  /**
   * A network whose every parameter comes from a PyTorch state dict ({@link StateDict} names), as a state with
   * dense masks.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException one line naming the file and the array that does not fit
   */
  public static NetworkState fromStateDict(String architecture, int classes, int channels, int height, int width,
      Map<String, io.fullspectrum.schemas.NpyArray> arrays, String source) {
    Architecture arch = Architecture.of(architecture, classes);
    Network net = Networks.build(arch, channels, height, width);
    try (Model model = Model.newInstance(architecture, ai.djl.Device.cpu(), "PyTorch")) {
      model.setBlock(net.block());
      net.initialize(model.getNDManager(), 0);
      StateDict.load(net, arrays, source);
      return capture(net, architecture, classes, channels, height, width, null, "input", 0);
    }
  }

  /**
   * Opens a model holding exactly the state's parameters.
   *
   * @throws IllegalArgumentException naming the first parameter of the state the architecture lacks
   */
  public static NetworkSession open(NetworkState state) {
    return open(state, ai.djl.Device.cpu());
  }

  /**
   * Opens a model holding exactly the state's parameters, on {@code device} (see {@link Devices}).
   *
   * @throws IllegalArgumentException naming the first parameter of the state the architecture lacks
   */
  public static NetworkSession open(NetworkState state, ai.djl.Device device) {
    Architecture arch = Architecture.of(state.architecture(), state.classes());
    Network net = Networks.build(arch, state.channels(), state.height(), state.width());
    Model model = Model.newInstance(state.architecture(), device, "PyTorch");
    // Grad mode is per thread and on in new worker threads; parameters are written in place below. (After the
    // model: its creation loads the PyTorch natives that JniUtils calls into.)
    JniUtils.setGradMode(false);
    Map<String, LayerRecord> others = new HashMap<>();
    for (LayerRecord r : state.others().layers()) {
      others.put(r.name(), r);
    }
    if (net.block() instanceof TorchScriptBlock ts) {
      // A module's buffers (batch norm's running statistics) go in with the file it is loaded from.
      ts.useBuffers(buffers(ts.model(), others, model));
    }
    model.setBlock(net.block());
    net.initialize(model.getNDManager(), 0);
    Set<Parameter> prunable = new HashSet<>();
    for (String name : net.layerNames()) {
      prunable.add(net.weight(name));
    }
    for (Pair<String, Parameter> p : net.block().getParameters()) {
      if (prunable.contains(p.getValue())) {
        continue;
      }
      LayerRecord r = others.get(p.getKey());
      if (r == null || r.weights() == null || r.numel() != p.getValue().getArray().size()) {
        model.close();
        throw new IllegalArgumentException("network state lacks parameter " + p.getKey() + " of " + arch.name());
      }
      InPlace.copy(p.getValue().getArray(), r.weights());
    }
    net.masksOf(state.prunable());
    for (int i = 0; i < net.layerNames().size(); i++) {
      LayerRecord r = state.prunable().layers().get(i);
      if (r.weights() == null) {
        model.close();
        throw new IllegalArgumentException("network state layer " + r.name() + " has no weights");
      }
      net.setWeights(net.layerNames().get(i), r.weights());
    }
    return new NetworkSession(model, net, state);
  }

  /** A module's buffers from a state's other records, each one there (a state of another model is refused). */
  private static Map<String, float[]> buffers(TorchScriptModel m, Map<String, LayerRecord> others, Model model) {
    Map<String, float[]> out = new HashMap<>();
    for (String b : m.buffers()) {
      LayerRecord r = others.get(b);
      if (r == null || r.weights() == null) {
        model.close();
        throw new IllegalArgumentException("network state lacks buffer " + b + " of " + m.path());
      }
      out.put(b, r.weights());
    }
    return out;
  }

  private static NetworkState capture(Network net, String architecture, int classes, int channels, int height,
      int width, List<byte[]> masks, String generator, long seed) {
    Set<Parameter> prunable = new HashSet<>();
    for (String name : net.layerNames()) {
      prunable.add(net.weight(name));
    }
    List<LayerRecord> others = new ArrayList<>();
    for (Pair<String, Parameter> p : net.block().getParameters()) {
      if (!prunable.contains(p.getValue())) {
        float[] v = p.getValue().getArray().toFloatArray();
        others.add(LayerRecord.dense(p.getKey(), new int[] {v.length}, v));
      }
    }
    if (net.block() instanceof TorchScriptBlock ts) {
      ts.currentBuffers().forEach((name, v) -> others.add(LayerRecord.dense(name, new int[] {v.length}, v)));
    }
    return NetworkState.of(architecture, classes, channels, height, width,
        net.toMaskSet(generator, seed, 0, 0, masks), MaskSet.of("state", seed, 0, 0, others));
  }

  /** The current parameters with the given masks (null: the origin's masks). */
  public NetworkState capture(List<byte[]> masks) {
    List<byte[]> m = masks != null ? masks : network.masksOf(origin.prunable());
    MaskSet p = origin.prunable();
    NetworkState now = capture(network, origin.architecture(), origin.classes(), origin.channels(), origin.height(),
        origin.width(), m, p.generator(), p.seed());
    return now.withPrunable(MaskSet.of(p.generator(), p.seed(), p.sparsity(), p.sampleIndex(),
        now.prunable().layers()));
  }

  public Network network() {
    return network;
  }

  public Model model() {
    return model;
  }

  /** The masks of the state this session was opened from, in network order. */
  public List<byte[]> masks() {
    return network.masksOf(origin.prunable());
  }

  @Override
  public void close() {
    model.close();
  }
}
