package io.fullspectrum.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with momentum, optional Nesterov and weight decay, exactly as PyTorch's {@code torch.optim.SGD} (dampening 0),
 * with a fixed mask per pruned parameter: weights are re-masked after every step, so pruned weights stay exactly
 * zero (method §6; the authors' code re-masks the same way). Updates every parameter at once on
 * {@link FlatParameters} (about nine whole-model operations a step, not nine per parameter). The learning rate is
 * set by the training loop's schedule.
 */
public final class MaskedSgd extends Optimizer {
  private final float momentum;
  private final float weightDecay;
  private final boolean nesterov;
  private final Map<String, NDArray> pendingMasks = new HashMap<>();
  private volatile float learningRate;
  private FlatParameters parameters;
  private NDArray mask;
  private NDArray buffer;
  private DeviceScalars scalars;

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

  /** Binds this optimizer to the parameters it updates; masks set before are copied in. */
  public void bind(FlatParameters flat) {
    this.parameters = flat;
    NDManager manager = flat.weights().getManager();
    scalars = new DeviceScalars(manager, weightDecay, momentum);
    buffer = momentum == 0 ? null : flat.weights().zerosLike();
    if (buffer != null) {
      buffer.attach(manager);
    }
    for (Map.Entry<String, NDArray> e : pendingMasks.entrySet()) {
      setMask(e.getKey(), e.getValue());
    }
    pendingMasks.clear();
  }

  /** Fixes the mask of a parameter (by {@code Parameter.getId()}); its values are copied. */
  public void setMask(String parameterId, NDArray m) {
    if (parameters == null) {
      pendingMasks.put(parameterId, m);
      return;
    }
    int i = indexOf(parameterId);
    if (mask == null) {
      mask = parameters.weights().onesLike();
      mask.attach(parameters.weights().getManager());
    }
    try (NDArray view = parameters.viewOf(mask, i)) {
      view.set(new ai.djl.ndarray.index.NDIndex("..."), m);
    }
  }

  private int indexOf(String parameterId) {
    int i = parameters.indexOf(parameterId);
    if (i < 0) {
      throw new IllegalArgumentException("parameter " + parameterId + " is not trained by this optimizer");
    }
    return i;
  }

  /**
   * A parameter's momentum buffer, as a view that changes with training (close it after use), or null for a
   * parameter not trained here or without momentum.
   */
  public NDArray buffer(String parameterId) {
    if (buffer == null || parameters == null || parameters.indexOf(parameterId) < 0) {
      return null;
    }
    return parameters.viewOf(buffer, parameters.indexOf(parameterId));
  }

  /** Restores a momentum buffer (from a checkpoint); its values are copied. */
  public void setBuffer(String parameterId, NDArray values) {
    try (NDArray view = buffer(parameterId)) {
      if (view == null) {
        throw new IllegalArgumentException("parameter " + parameterId + " has no momentum buffer here");
      }
      view.set(new ai.djl.ndarray.index.NDIndex("..."), values);
    }
  }

  /**
   * Zeroes the momentum of every weight a mask drops (call before and after a mask changes): a weight that
   * regrows starts from zero with no stale velocity. Between mask changes the buffer of a dropped weight is never
   * read (its weight is re-masked after every step).
   */
  public void clearMaskedMomentum() {
    if (buffer != null && mask != null) {
      buffer.muli(mask);
    }
  }

  /** One step on every bound parameter from its current gradient. */
  public void step() {
    JniUtils.setGradMode(false);
    NDArray w = parameters.weights();
    // Each whole-model temporary (45 MB for ResNet-18) is closed as soon as it is used, so that a step holds at most
    // two besides the weights, the mask and the momentum (an op's result would otherwise stay with the model).
    // The step's scalars are tensors made once on the device: DJL's mul(Number) makes a tensor from Java memory
    // for each call, a copy that on a GPU waits for every queued kernel (four a step cost ResNet-18 on an H200 a
    // third of its step time). A product with a 0-dim float32 tensor is what mul(Number) computed: same bits.
    NDArray lr = scalars.rate(learningRate);
    try (NDManager scratch = w.getManager().newSubManager()) {
      NDArray d = parameters.gradients(scratch);
      if (weightDecay != 0) {
        try (NDArray decay = w.mul(scalars.weightDecay)) {
          d.addi(decay);
        }
      }
      if (buffer == null) {
        w.subi(d.muli(lr));
      } else {
        // PyTorch starts the buffer as a copy of the first d: 0 * m + d is that copy exactly.
        buffer.muli(scalars.momentum).addi(d);
        if (nesterov) {
          try (NDArray ahead = buffer.mul(scalars.momentum)) {
            d.addi(ahead);
          }
          w.subi(d.muli(lr));
        } else {
          try (NDArray update = buffer.mul(lr)) {
            w.subi(update);
          }
        }
      }
      if (mask != null) {
        w.muli(mask);
      }
    }
  }

  /**
   * 0-dim float32 tensors on the parameters' device: weight decay and momentum made once, the learning rate made
   * again only when it changes (once an epoch at most). Kept out of any {@link ai.djl.ndarray.NDScope} a step runs
   * in, and freed with the parameters' manager.
   */
  private static final class DeviceScalars {
    private final NDManager manager;
    private final NDArray weightDecay;
    private final NDArray momentum;
    private float rate = Float.NaN;
    private NDArray rateArray;

    DeviceScalars(NDManager parent, float weightDecay, float momentum) {
      this.manager = parent.newSubManager();
      this.weightDecay = make(weightDecay);
      this.momentum = make(momentum);
    }

    NDArray rate(float value) {
      if (rateArray == null || Float.floatToIntBits(value) != Float.floatToIntBits(rate)) {
        if (rateArray != null) {
          rateArray.close();
        }
        rateArray = make(value);
        rate = value;
      }
      return rateArray;
    }

    private NDArray make(float value) {
      NDArray a = manager.create(value);
      ai.djl.ndarray.NDScope.unregister(a);
      return a;
    }
  }

  /** Not used: {@link #step()} updates every parameter at once. */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    throw new UnsupportedOperationException("MaskedSgd updates all parameters at once: call step(), not "
        + "Trainer.step()");
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
