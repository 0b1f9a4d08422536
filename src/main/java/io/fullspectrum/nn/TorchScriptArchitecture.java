package io.fullspectrum.nn;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;

/**
 * A {@link TorchScriptModel} as an architecture, so that every stage that takes {@code architecture=} takes a user's
 * model too ({@code model=path.pt}): its prunable layers are the model's, its block the loaded module, its input the
 * data's own shape. Its layer graph is unknown: connectivity is measured on the model itself
 * (search's {@code Connectivity}).
 */
public final class TorchScriptArchitecture implements ArchitectureDefinition {
  private final TorchScriptModel model;

  TorchScriptArchitecture(TorchScriptModel model) {
    this.model = model;
  }

  public TorchScriptModel model() {
    return model;
  }

  @Override
  public String name() {
    return model.spec();
  }

  @Override
  public String description() {
    return "TorchScript model " + model.path() + ", " + model.prunable().size() + " prunable layers";
  }

  /** The model's prunable layers; its output size is its own, whatever {@code classes} says. */
  @Override
  public LinkedHashMap<String, int[]> layers(int classes) {
    return model.prunable();
  }

  /** The data's own shape: a TorchScript file does not say what it takes. */
  @Override
  public int[] inputShape(int[] dataShape) {
    return dataShape.clone();
  }

  @Override
  public Block block(Architecture arch, BlockParts parts) {
    return new TorchScriptBlock(model);
  }

  @Override
  public Topology topology(Architecture arch) {
    throw new UnsupportedOperationException(model.path() + ": a TorchScript model's layer graph is not known; its "
        + "connectivity is measured on the model");
  }
}
