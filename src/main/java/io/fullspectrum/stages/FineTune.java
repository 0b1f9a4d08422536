package io.fullspectrum.stages;

import io.fullspectrum.nn.GpuAssignment;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.ValidationSplit;
import io.fullspectrum.nn.train.Checkpoint;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.FineTuned;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.schemas.NetworkState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 6: trains each labelled network with its masks frozen (method §6) on the training split, evaluating on the
 * validation split (when one is held out, {@link #withValidation}) and the test split after every epoch. Outputs the trained states ({@link #TRAINED}) and the curves ({@link #CURVES}).
 */
public final class FineTune extends PTransform<PCollection<KV<String, NetworkState>>, PCollectionTuple> {
  public static final TupleTag<KV<String, NetworkState>> TRAINED = new TupleTag<>() {};
  public static final TupleTag<KV<String, FineTuned>> CURVES = new TupleTag<>() {};
  private final Recipe recipe;
  private final DataSpec data;
  private final String checkpoints;
  private final String device;
  private final double validation;

  /** Fine-tunes with {@code recipe} on {@code data}'s training split, on the CPU, without checkpoints. */
  public static FineTune of(Recipe recipe, DataSpec data) {
    return new FineTune(recipe, data, null, "cpu", 0);
  }

  /**
   * This stage writing one checkpoint per label to {@code folder} after every epoch, and resuming from it when
   * present; null for none.
   */
  public FineTune withCheckpoints(String folder) {
    return new FineTune(recipe, data, folder, device, validation);
  }

  /** This stage training on {@code device}: cpu, or gpu (see {@link io.fullspectrum.nn.Devices}). */
  public FineTune onDevice(String device) {
    return new FineTune(recipe, data, checkpoints, device, validation);
  }

  private FineTune(Recipe recipe, DataSpec data, String checkpoints, String device, double validation) {
    io.fullspectrum.nn.Devices.check(device);
    if (!(validation >= 0 && validation < 1)) {
      throw new IllegalArgumentException("finetune.validation=" + validation + " is not a share in [0, 1)");
    }
    this.recipe = recipe;
    this.data = data;
    this.checkpoints = checkpoints;
    this.device = device;
    this.validation = validation;
  }

  /**
   * This stage holding out this share of the training images (the same ones for every label: {@link
   * ValidationSplit} seeded by the recipe's seed), evaluated after every epoch to pick the epoch a result reports;
   * 0 for none.
   */
  public FineTune withValidation(double share) {
    return new FineTune(recipe, data, checkpoints, device, share);
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<String, NetworkState>> input) {
    PCollectionTuple out = input.apply("Train",
        ParDo.of(new FineTuneFn(recipe, data, checkpoints, device, validation)).withOutputTags(TRAINED, TupleTagList.of(CURVES)));
    out.get(TRAINED).setCoder(KvCoder.of(StringUtf8Coder.of(), NetworkStateCoder.of()));
    out.get(CURVES).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(FineTuned.class)));
    return out;
  }

  private static final class FineTuneFn extends DoFn<KV<String, NetworkState>, KV<String, NetworkState>> {
    private static final long serialVersionUID = 1L;
    private final Recipe recipe;
    private final DataSpec data;
    private final String checkpoints;
    private final String device;
    private final double validation;

    FineTuneFn(Recipe recipe, DataSpec data, String checkpoints, String device, double validation) {
      this.validation = validation;
      this.recipe = recipe;
      this.data = data;
      this.checkpoints = checkpoints;
      this.device = device;
    }

    /** This DoFn instance's worker number in its JVM: which GPU it trains on ({@link GpuAssignment}). */
    private transient int worker;

    @Setup
    public void setup() {
      worker = GpuAssignment.nextWorker();
    }

    @ProcessElement
    public void process(@Element KV<String, NetworkState> element, MultiOutputReceiver out) throws IOException {
      String label = element.getKey();
      try (NetworkSession session = NetworkSession.open(element.getValue(), io.fullspectrum.nn.Devices.named(device, worker));
          MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, session.masks())) {
        ImageSet all = data.load(true);
        ValidationSplit split = validation > 0
            ? ValidationSplit.carve(all, (int) Math.round(validation * all.size()), recipe.seed()) : null;
        ImageBatches train = ImageBatches.training(split == null ? all : split.train(), data.preprocessing(),
            recipe.batchSize(), recipe.seed());
        ImageBatches held = split == null ? null
            : ImageBatches.evaluation(split.validation(), data.preprocessing(), 500);
        ImageBatches test = ImageBatches.evaluation(data.load(false), data.preprocessing(), 500);
        List<FineTuned.Epoch> curve = new ArrayList<>();
        Path checkpoint = checkpoints == null ? null : Paths.get(checkpoints, label + ".zip");
        Path curveFile = checkpoints == null ? null : Paths.get(checkpoints, label + ".curve");
        int start = 0;
        // Where training really runs (the check a GPU user looks for: gpu(0), not cpu() after a fallback).
        MaskedTrainer.log(label + " fine-tune on " + session.model().getNDManager().getDevice() + " (device="
            + device + ", PyTorch " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion() + ")");
        if (checkpoint != null && Files.isRegularFile(checkpoint) && Files.isRegularFile(curveFile)) {
          start = Checkpoint.restore(trainer, checkpoint);
          curve.addAll(FineTuned.parseCurve(Files.readString(curveFile)));
          curve.subList(Math.min(start, curve.size()), curve.size()).clear();
          MaskedTrainer.log(label + " fine-tune resumes at epoch " + (start + 1) + " from " + checkpoint);
        }
        for (int epoch = start; epoch < recipe.epochs(); epoch++) {
          double loss = trainer.trainEpoch(train, epoch, -1, line -> MaskedTrainer.log(label + " fine-tune " + line));
          Evaluation val = held == null ? null : trainer.evaluate(held);
          Evaluation eval = trainer.evaluate(test);
          MaskedTrainer.log(String.format(java.util.Locale.ROOT, "%s fine-tune epoch %d/%d: train loss %.4f, "
              + "%stest accuracy %.4f", label, epoch + 1, recipe.epochs(), loss, val == null ? ""
              : String.format(java.util.Locale.ROOT, "validation accuracy %.4f, ", val.accuracy()),
              eval.accuracy()));
          curve.add(new FineTuned.Epoch(epoch + 1, loss, recipe.learningRateAt(epoch),
              val == null ? Double.NaN : val.accuracy(), val == null ? Double.NaN : val.loss(), eval.accuracy(),
              eval.loss()));
          if (checkpoint != null) {
            // Curve first: a kill between the two writes leaves a curve one epoch ahead, which restore trims.
            FineTuned.writeCurve(curveFile, curve);
            Checkpoint.save(trainer, epoch + 1, checkpoint);
          }
        }
        out.get(TRAINED).output(KV.of(label, session.capture(null)));
        out.get(CURVES).output(KV.of(label, new FineTuned(curve)));
      }
    }
  }
}
