package io.fullspectrum.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * A {@link TorchScriptModel} as a DJL block: loaded when initialised, on the manager's device, with the buffers a
 * network state carries written into it first (DJL reaches a module's parameters, by their PyTorch names, but not its
 * buffers), and its current buffers read back when the state is captured. Its parameters are the module's own
 * tensors, which its forward pass reads (not the {@code ParameterStore}).
 */
public final class TorchScriptBlock extends AbstractBlock {
  private final TorchScriptModel model;
  private Map<String, float[]> buffers = Map.of();
  private PtSymbolBlock module;
  /** The module's mode as last set here (null: as loaded). */
  private Boolean trainingMode;

  TorchScriptBlock(TorchScriptModel model) {
    this.model = model;
  }

  public TorchScriptModel model() {
    return model;
  }

  /** Buffers to load the module with (before {@link #initialize}). */
  void useBuffers(Map<String, float[]> values) {
    if (module != null) {
      throw new IllegalStateException("buffers are set before the module is loaded");
    }
    this.buffers = Map.copyOf(values);
  }

  /** The module's buffers now (after training has moved batch norm's running statistics). */
  public Map<String, float[]> currentBuffers() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JniUtils.writeModule(module, out, false);
    return model.buffersOf(out.toByteArray());
  }

  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    if (module == null) {
      module = TorchScriptModel.load((PtNDManager) manager, model.bytesWithBuffers(buffers), model.path());
      // Trainable like any block: the module's parameters take gradients.
      module.freezeParameters(false);
    }
  }

  @Override
  public boolean isInitialized() {
    return module != null;
  }

  @Override
  public ParameterList getDirectParameters() {
    return module == null ? new ParameterList() : module.getDirectParameters();
  }

  /**
   * The module's forward in train or eval mode, set here. DJL would run an eval-mode module under libtorch's
   * inference guard, whose outputs are inference tensors no later graph may use (a generator's scores are taken in
   * eval mode with gradients, method §5, and an evaluation's loss reads the logits): every call goes outside it, and
   * grad mode alone decides whether a graph is recorded.
   */
  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    if (trainingMode == null || trainingMode != training) {
      if (training) {
        JniUtils.enableTrainingMode(module);
      } else {
        JniUtils.enableInferenceMode(module);
      }
      trainingMode = training;
    }
    return IValueUtils.forward(module, inputs, true);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return module.getOutputShapes(inputShapes);
  }
}
