package io.fullspectrum.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with momentum, optional Nesterov and weight decay, exactly as PyTorch's {@code torch.optim.SGD} (dampening 0),
 * with a fixed mask per pruned parameter: the update is masked and the weight re-masked after every step, so
 * pruned weights stay exactly zero (spec §6). The learning rate is set by the training loop's schedule.
 */
public final class MaskedSgd extends Optimizer {
  private final float momentum;
  private final float weightDecay;
  private final boolean nesterov;
  private final Map<String, NDArray> masks = new HashMap<>();
  private final Map<String, NDArray> buffers = new HashMap<>();
  private volatile float learningRate;

  private MaskedSgd(Builder builder) {
    super(builder);
    this.momentum = builder.momentum;
    this.weightDecay = builder.weightDecay;
    this.nesterov = builder.nesterov;
    this.learningRate = builder.learningRate;
  }

  public static Builder builder() {
    return new Builder();
  }

  public void setLearningRate(float lr) {
    this.learningRate = lr;
  }

  public float learningRate() {
    return learningRate;
  }

  /** Fixes the mask of a parameter (by {@code Parameter.getId()}); the array must live as long as training. */
  public void setMask(String parameterId, NDArray mask) {
    NDArray previous = masks.put(parameterId, mask);
    if (previous != null && previous != mask) {
      previous.close();
    }
  }

  /** The momentum buffer of a parameter, or null before its first update. */
  public NDArray buffer(String parameterId) {
    return buffers.get(parameterId);
  }

  /** Restores a momentum buffer (from a checkpoint). */
  public void setBuffer(String parameterId, NDArray buffer) {
    buffers.put(parameterId, buffer);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    JniUtils.setGradMode(false);
    NDArray mask = masks.get(parameterId);
    try (NDScope scope = new NDScope()) {
      NDArray step = weightDecay == 0 ? grad.duplicate() : grad.add(weight.mul(weightDecay));
      if (mask != null) {
        step.muli(mask);
      }
      if (momentum != 0) {
        NDArray buffer = buffers.get(parameterId);
        if (buffer == null) {
          buffer = step.duplicate();
          NDScope.unregister(buffer);
          buffer.attach(weight.getManager());
          buffers.put(parameterId, buffer);
        } else {
          buffer.muli(momentum).addi(step);
        }
        step = nesterov ? step.add(buffer.mul(momentum)) : buffer.duplicate();
      }
      weight.subi(step.muli(learningRate));
      if (mask != null) {
        weight.muli(mask);
      }
    }
  }

  /** Builder in DJL's optimizer style. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private float momentum = 0.9f;
    private float weightDecay = 5e-4f;
    private boolean nesterov = true;
    private float learningRate = 0.1f;

    public Builder momentum(float m) {
      this.momentum = m;
      return this;
    }

    public Builder weightDecay(float wd) {
      this.weightDecay = wd;
      return this;
    }

    public Builder nesterov(boolean n) {
      this.nesterov = n;
      return this;
    }

    public Builder learningRate(float lr) {
      this.learningRate = lr;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    public MaskedSgd build() {
      return new MaskedSgd(this);
    }
  }
}
