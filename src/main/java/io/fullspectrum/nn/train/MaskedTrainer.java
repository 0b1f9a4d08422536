package io.fullspectrum.nn.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.fullspectrum.nn.GradientSlots;
import io.fullspectrum.nn.NativeMemory;
import io.fullspectrum.nn.Network;
import io.fullspectrum.nn.ThreadGradients;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.PrefetchedBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Network} with its masks held fixed (method §6): masked weights are zero before the first step and
 * after every step, their updates masked. Dense training is the same with no masks (PEGS' pre-training).
 * Progress (epoch, step, loss, accuracy, ETA) is logged; evaluation uses batch-norm running statistics.
 */
public final class MaskedTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MaskedTrainer.class);

  private final Network network;
  private final Model model;
  private final Trainer trainer;
  private final MaskedSgd optimizer;
  private final FlatParameters parameters;
  private final Recipe recipe;
  private final boolean ownsModel;
  private long step;

  /**
   * A trainer on a model the caller owns (and closes).
   *
   * @param masks per prunable layer in network order, or null for dense training
   */
  public MaskedTrainer(Network network, Model model, Recipe recipe, List<byte[]> masks) {
    this(network, model, recipe, masks, false);
  }

  private MaskedTrainer(Network network, Model model, Recipe recipe, List<byte[]> masks, boolean ownsModel) {
    // Training maps its own large buffers: what earlier draws kept in the heap goes back first.
    NativeMemory.releaseFreeMemory();
    this.ownsModel = ownsModel;
    this.network = network;
    this.model = model;
    this.recipe = recipe;
    this.optimizer = MaskedSgd.builder().learningRate(recipe.learningRate()).momentum(recipe.momentum())
        .weightDecay(recipe.weightDecay()).nesterov(recipe.nesterov()).build();
    this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(optimizer).optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()}));
    // PyTorch grad mode is per thread and on in new threads (Beam/Flink workers): masking in place needs it off.
    JniUtils.setGradMode(false);
    this.parameters = FlatParameters.of(network.block(), model.getNDManager());
    optimizer.bind(parameters);
    if (masks != null) {
      installMasks(masks);
    }
  }

  /** Hands each layer's mask to the optimizer and zeroes the weights it drops. */
  private void installMasks(List<byte[]> masks) {
    List<String> names = network.layerNames();
    for (int i = 0; i < names.size(); i++) {
      Parameter weight = network.weight(names.get(i));
      NDArray w = weight.getArray();
      try (NDArray bytes = w.getManager().create(masks.get(i));
          NDArray m = bytes.toType(DataType.FLOAT32, false).reshape(w.getShape())) {
        optimizer.setMask(weight.getId(), m);
        w.muli(m);
      }
    }
  }

  /**
   * Swaps the masks mid-training (dynamic sparse training): weights the new masks drop become zero, and so do
   * their momentum buffers, so a weight that regrows starts from zero with no stale velocity.
   */
  public void replaceMasks(List<byte[]> masks) {
    JniUtils.setGradMode(false);
    optimizer.clearMaskedMomentum();
    installMasks(masks);
    optimizer.clearMaskedMomentum();
  }

  /** A trainer on a fresh DJL model for {@code network}, initialised with {@code seed}; closing it closes the model. */
  public static MaskedTrainer create(Network network, long seed, Recipe recipe, List<byte[]> masks) {
    Model model = Model.newInstance(network.architecture().name(), ai.djl.Device.cpu(), "PyTorch");
    model.setBlock(network.block());
    network.initialize(model.getNDManager(), seed);
    return new MaskedTrainer(network, model, recipe, masks, true);
  }

  public Network network() {
    return network;
  }

  public MaskedSgd optimizer() {
    return optimizer;
  }

  public Model model() {
    return model;
  }

  /** Steps taken so far. */
  public long step() {
    return step;
  }

  void setStep(long s) {
    this.step = s;
  }

  /** One optimisation step on a batch; returns its loss (reading it waits for the step to finish on a GPU). */
  public float trainBatch(Batch batch) {
    return step(batch).getFloat();
  }

  /**
   * One optimisation step; returns its loss as an array on the batch's device, attached to the batch: reading it
   * is left to the caller, so that a GPU step is not waited for (PyTorch's loop reads no loss per step either).
   */
  NDArray step(Batch batch) {
    // Gradients on this thread only; as many steps at once in this JVM as it has gradient slots (default one). The
    // scope frees the step's activations (every array the forward pass made) before the slot goes to another step.
    return GradientSlots.run(() -> {
      NDArray l;
      try (NDScope scope = new NDScope()) {
        l = loss(batch, true);
        optimizer.step();
        NDScope.unregister(l);
      }
      step++;
      return l;
    });
  }

  /**
   * The first part of a step: the batch's loss and, with {@code backward}, every trained parameter's gradient of it
   * (zeroed first: PyTorch's gradients accumulate across backward passes otherwise). The caller holds a gradient
   * slot and a scope.
   */
  NDArray loss(Batch batch, boolean backward) {
    try (ThreadGradients collector = new ThreadGradients()) {
      if (backward) {
        parameters.zeroGradients();
      }
      NDList pred = trainer.forward(batch.getData(), batch.getLabels());
      NDArray l = trainer.getLoss().evaluate(batch.getLabels(), pred);
      if (backward) {
        collector.backward(l);
      }
      return l;
    }
  }

  /**
   * Trains for at most {@code maxSteps} steps of the given epoch's batches (all of them when negative).
   *
   * @return the mean training loss
   */
  public double trainEpoch(ImageBatches data, int epoch, long maxSteps, Consumer<String> progress) {
    optimizer.setLearningRate(recipe.learningRateAt(epoch));
    long started = System.nanoTime();
    int n = 0;
    int total = data.batchesPerEpoch();
    long limit = maxSteps < 0 ? total : Math.min(total, maxSteps);
    NDManager manager = model.getNDManager();
    try (LossSum sum = new LossSum(manager); PrefetchedBatches batches = data.epoch(epoch).batches(manager)) {
      while (n < limit && batches.hasNext()) {
        try (Batch batch = batches.next()) {
          sum.add(step(batch));
        }
        n++;
        if (progress != null && (n % 50 == 0 || n == limit)) {
          double secs = (System.nanoTime() - started) / 1e9;
          progress.accept(String.format(Locale.ROOT, "epoch %d step %d/%d loss %.4f lr %.4g eta %.0fs", epoch + 1,
              n, limit, sum.get() / n, optimizer.learningRate(), secs / n * (limit - n)));
        }
      }
      return n == 0 ? 0 : sum.get() / n;
    }
  }

  /** Top-1 accuracy and loss with batch-norm in inference mode. */
  public Evaluation evaluate(ImageBatches data) {
    long correct = 0;
    double lossSum = 0;
    int samples = 0;
    Loss loss = Loss.softmaxCrossEntropyLoss();
    for (Batch batch : data.getData(model.getNDManager())) {
      try (batch) {
        NDList pred = trainer.evaluate(batch.getData());
        NDArray labels = batch.getLabels().singletonOrThrow();
        NDArray argmax = pred.singletonOrThrow().argMax(1).toType(DataType.INT32, false);
        correct += argmax.eq(labels.toType(DataType.INT32, false)).sum().getLong();
        lossSum += loss.evaluate(batch.getLabels(), pred).getFloat() * batch.getSize();
        samples += batch.getSize();
      }
    }
    return new Evaluation(samples == 0 ? 0 : (double) correct / samples, samples == 0 ? 0 : lossSum / samples,
        samples);
  }

  /** Logs a line of progress. */
  public static void log(String line) {
    LOG.info(line);
  }

  /** Every parameter of the model by its stable block path, for checkpoints. */
  public List<Pair<String, Parameter>> parameters() {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    for (Pair<String, Parameter> p : network.block().getParameters()) {
      out.add(p);
    }
    return out;
  }

  @Override
  public void close() {
    parameters.close();
    trainer.close();
    if (ownsModel) {
      model.close();
    }
  }
}
