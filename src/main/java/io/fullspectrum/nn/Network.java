package io.fullspectrum.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block of one of our architectures, initialised, with its prunable weights reachable by their stable
 * names (method §4) so that masks and scores line up with the layers of {@link Architecture}.
 */
public final class Network {
  private final Architecture architecture;
  private final Block block;
  private final Shape inputShape;
  private final Map<String, Block> prunable;
  private final Map<String, Block> norms;

  Network(Architecture architecture, Block block, Shape inputShape, Map<String, Block> prunable,
      Map<String, Block> norms) {
    this.architecture = architecture;
    this.block = block;
    this.inputShape = inputShape;
    this.prunable = Collections.unmodifiableMap(new LinkedHashMap<>(prunable));
    this.norms = Collections.unmodifiableMap(new LinkedHashMap<>(norms));
  }

  /** The prunable conv and linear blocks by layer name, in network order. */
  Map<String, Block> prunableBlocks() {
    return prunable;
  }

  /** The batch-norm blocks by their PyTorch state-dict name, in network order. */
  Map<String, Block> normBlocks() {
    return norms;
  }

  public Architecture architecture() {
    return architecture;
  }

  public Block block() {
    return block;
  }

  /** Input shape of one sample batch of size 1: {@code 1 x C x H x W}. */
  public Shape inputShape() {
    return inputShape;
  }

  public List<String> layerNames() {
    return prunable.isEmpty() ? architecture.layerNames() : new ArrayList<>(prunable.keySet());
  }

  /**
   * Initialises the parameters on {@code manager} as the authors do (method §6): prunable weights from
   * {@link InitialWeights} with {@code seed}, batch-norm gamma 0.5 and beta 0, biases 0.
   */
  public Network initialize(NDManager manager, long seed) {
    return initialize(manager, seed, Initialisation.AUTHORS);
  }

  /** Initialises the parameters on {@code manager} by {@code init}, seeded with {@code seed}. */
  public Network initialize(NDManager manager, long seed, Initialisation init) {
    block.initialize(manager, DataType.FLOAT32, inputShape);
    if (block instanceof TorchScriptBlock) {
      return this; // a user's model starts from its own weights
    }
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      byName.put(p.getKey(), p.getValue());
    }
    int index = 0;
    for (Map.Entry<String, Parameter> e : byName.entrySet()) {
      Parameter param = e.getValue();
      NDArray array = param.getArray();
      switch (param.getType()) {
        case GAMMA:
          array.set(filled((int) array.size(), init.gamma()));
          break;
        case BETA:
          array.set(new float[(int) array.size()]);
          break;
        case BIAS:
          Parameter weight = byName.get(e.getKey().replaceAll("bias$", "weight"));
          int fanIn = weight == null ? 1 : Initialisation.fanIn(weight.getArray().getShape().getShape().length == 0
              ? new int[] {1} : toInts(weight.getArray().getShape().getShape()));
          array.set(init.biases((int) array.size(), fanIn, seed, index));
          break;
        default:
          break;
      }
      index++;
    }
    List<String> names = layerNames();
    for (int i = 0; i < names.size(); i++) {
      setWeights(names.get(i), init.weights(architecture.shape(names.get(i)), seed, i));
    }
    return this;
  }

  private static int[] toInts(long[] shape) {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = (int) shape[i];
    }
    return out;
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }

  /** The weight parameter of a prunable layer. */
  public Parameter weight(String layer) {
    Block b = prunable.get(layer);
    if (b != null) {
      return b.getParameters().get("weight");
    }
    if (block instanceof TorchScriptBlock && architecture.layerNames().contains(layer)) {
      return block.getParameters().get(layer + ".weight");
    }
    throw new IllegalArgumentException(architecture.name() + " has no prunable layer '" + layer + "'");
  }

  public float[] weights(String layer) {
    return weight(layer).getArray().toFloatArray();
  }

  public void setWeights(String layer, float[] values) {
    NDArray array = weight(layer).getArray();
    if (array.size() != values.length) {
      throw new IllegalArgumentException("layer " + layer + ": " + values.length + " values for a weight of shape "
          + array.getShape());
    }
    InPlace.copy(array, values);
  }

  /** The network's prunable weights with the given masks (all ones when {@code masks} is null). */
  public MaskSet toMaskSet(String generator, long seed, double sparsity, long sampleIndex, List<byte[]> masks) {
    List<LayerRecord> layers = new ArrayList<>();
    List<String> names = layerNames();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      float[] w = weights(name);
      layers.add(masks == null ? LayerRecord.dense(name, architecture.shape(name), w)
          : LayerRecord.of(name, architecture.shape(name), w, masks.get(i)));
    }
    return MaskSet.of(generator, seed, sparsity, sampleIndex, layers);
  }

  /**
   * Checks that a mask set covers exactly this network's prunable layers with the same shapes, and returns its
   * masks in network order.
   *
   * @throws IllegalArgumentException naming the first layer that is missing, extra or of another shape
   */
  public List<byte[]> masksOf(MaskSet set) {
    return architecture.masksOf(set);
  }

}
