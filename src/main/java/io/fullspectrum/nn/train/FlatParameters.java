package io.fullspectrum.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.fullspectrum.nn.TensorStorage;
import io.fullspectrum.nn.TorchScriptBlock;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A block's trainable parameters as views of one flat tensor, so that an optimizer updates all of them with a few
 * whole-model operations instead of about ten JNI calls (and, on a GPU, ten kernel launches) per parameter: what
 * {@code torch.optim.SGD}'s multi-tensor path does. ResNet-18 has 62 trainable parameters; per-parameter updates
 * were most of our GPU step's time. Values, shapes and names of the parameters are unchanged; their arrays become
 * views (DJL's {@code Parameter.setArray} refuses a set shape, so the shape field is cleared first, by reflection on
 * DJL 0.36's private field).
 */
public final class FlatParameters implements AutoCloseable {
  private static final Field SHAPE;

  static {
    try {
      SHAPE = Parameter.class.getDeclaredField("shape");
      SHAPE.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError("DJL's Parameter has no 'shape' field: FlatParameters needs DJL 0.36");
    }
  }

  private final NDManager manager;
  private final List<Parameter> parameters;
  private final Map<String, Integer> byId = new HashMap<>();
  private final long[] offsets;
  private final NDArray flat;
  private NDList gradients;

  private FlatParameters(NDManager manager, List<Parameter> parameters, long[] offsets, NDArray flat) {
    this.manager = manager;
    this.parameters = parameters;
    this.offsets = offsets;
    this.flat = flat;
    for (int i = 0; i < parameters.size(); i++) {
      byId.put(parameters.get(i).getId(), i);
    }
  }

  /**
   * Moves the block's trainable parameters (those that require a gradient, in block order) into one flat float
   * tensor owned by {@code manager}; call before the first forward pass of any trainer on the block.
   */
  public static FlatParameters of(Block block, NDManager manager) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      List<Parameter> trainable = new ArrayList<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        if (p.getValue().requiresGradient()) {
          trainable.add(p.getValue());
        }
      }
      long[] offsets = new long[trainable.size() + 1];
      NDList parts = new NDList();
      for (int i = 0; i < trainable.size(); i++) {
        NDArray a = trainable.get(i).getArray();
        offsets[i + 1] = offsets[i] + a.size();
        parts.add(a.reshape(-1));
      }
      NDArray flat = NDArrays.concat(parts);
      flat.attach(manager);
      FlatParameters out = new FlatParameters(manager, trainable, offsets, flat);
      boolean module = block instanceof TorchScriptBlock;
      for (int i = 0; i < trainable.size(); i++) {
        Parameter p = trainable.get(i);
        NDArray old = p.getArray();
        NDArray view = out.viewOf(flat, i);
        if (!module) {
          view.setRequiresGradient(true);
          try {
            SHAPE.set(p, null);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot re-point DJL parameter " + p.getName(), e);
          }
        }
        if (module) {
          // The module holds this very tensor: it becomes the view, in place.
          TensorStorage.share(old, view);
          view.close();
        } else {
          p.setArray(view);
          old.close();
        }
        parts.get(i).close();
      }
      return out;
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  /** The flat tensor of every trainable parameter's values. */
  public NDArray weights() {
    return flat;
  }

  /** How many parameters are in the flat tensor. */
  public int size() {
    return parameters.size();
  }

  /** The index of a parameter by {@code Parameter.getId()}, or -1 when it is not trainable here. */
  public int indexOf(String parameterId) {
    return byId.getOrDefault(parameterId, -1);
  }

  /** Parameter {@code i}'s part of a tensor laid out like {@link #weights()}, as a view in the parameter's shape. */
  public NDArray viewOf(NDArray flatLike, int i) {
    NDArray slice = flatLike.get(new NDIndex(offsets[i] + ":" + offsets[i + 1]));
    NDArray view = slice.reshape(parameters.get(i).getArray().getShape());
    if (view != slice) {
      slice.close();
    }
    view.attach(manager);
    return view;
  }

  /**
   * The gradients of every parameter as one new flat tensor (one concatenation). The gradient tensors themselves
   * are fetched once, after the first backward pass: PyTorch accumulates into them in place from then on.
   */
  public NDArray gradients(NDManager into) {
    if (gradients == null) {
      gradients = new NDList();
      for (Parameter p : parameters) {
        NDArray g = p.getArray().getGradient();
        NDArray flatView = g.reshape(-1);
        // Kept across steps: out of any NDScope the first step runs in.
        ai.djl.ndarray.NDScope.unregister(g, flatView);
        flatView.attach(manager);
        gradients.add(flatView);
      }
    }
    NDArray out = NDArrays.concat(gradients);
    out.attach(into);
    return out;
  }

  /** Zeroes every parameter's gradient in place (before a backward pass; DJL's gradients accumulate). */
  public void zeroGradients() {
    for (Parameter p : parameters) {
      NDArray a = p.getArray();
      if (gradients != null || a.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) a);
      }
    }
  }

  @Override
  public void close() {
    if (gradients != null) {
      gradients.close();
    }
  }
}
