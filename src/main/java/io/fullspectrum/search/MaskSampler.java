package io.fullspectrum.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.generators.GeneratorOptions;
import io.fullspectrum.generators.Generators;
import io.fullspectrum.generators.MaskGenerator;
import io.fullspectrum.generators.ScoreBasedGenerator;
import io.fullspectrum.generators.ScoringBatches;
import io.fullspectrum.generators.ScoringGenerator;
import io.fullspectrum.nn.Devices;
import io.fullspectrum.nn.NativeMemory;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.FixedBatches;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.PrefetchedBatches;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One PAGS draw (method §6): the generator's mask for sample {@code index}, from a seed derived from the run seed
 * and the index alone, on scoring minibatches drawn the same way, so that any worker in any order draws the same
 * mask. As in the authors' code, a draw is scored on {@code batches} shuffled minibatches (4 of 128), GraSP's second
 * pass on other minibatches than its first, and the baseline (draw 0) on the whole training set
 * ({@link #withBaselineBatches}: {@link #WHOLE_TRAINING_SET}). Draws after the baseline are perturbed where the
 * generator needs it to differ (SynFlow). The result carries masks only; the weights stay with the network state.
 */
public final class MaskSampler implements Serializable {
  private static final long serialVersionUID = 3L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MaskSampler.class);
  /** Generators already warned about in this JVM. */
  private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** {@code baseline.batches=all}: the baseline is scored on every training minibatch. */
  public static final int WHOLE_TRAINING_SET = 0;
  private final String generator;
  private final GeneratorOptions options;
  private final double sparsity;
  private final long seed;
  private final DataSpec data;
  private final int batches;
  private final int batchSize;
  private final int baselineBatches;
  private final FixedBatches givenBaseline;
  private final MaskSet fixed;
  private final String device;

  /** The authors' sampling: default generator options, the baseline on the whole training set. */
  public MaskSampler(String generator, double sparsity, long seed, DataSpec data, int batches, int batchSize) {
    this(generator, GeneratorOptions.DEFAULTS, sparsity, seed, data, batches, batchSize, WHOLE_TRAINING_SET, null,
        null, "cpu");
  }

  /** A sampler whose every draw is the given masks (a mask found elsewhere, e.g. in PyTorch). */
  public static MaskSampler fixed(MaskSet masks, long seed) {
    return new MaskSampler("file", GeneratorOptions.DEFAULTS, masks.achievedSparsity(), seed, null, 0, 0, 0, null,
        masks, "cpu");
  }

  private MaskSampler(String generator, GeneratorOptions options, double sparsity, long seed, DataSpec data,
      int batches, int batchSize, int baselineBatches, FixedBatches givenBaseline, MaskSet fixed, String device) {
    Devices.check(device);
    this.device = device;
    this.fixed = fixed;
    if (fixed == null) {
      Generators.create(generator, options);
      ScoreBasedGenerator.checkSparsity(sparsity);
    }
    if (baselineBatches < 0) {
      throw new IllegalArgumentException("baseline.batches=" + baselineBatches + " is negative (all: the whole "
          + "training set)");
    }
    this.generator = generator;
    this.options = options;
    this.sparsity = sparsity;
    this.seed = seed;
    this.data = data;
    this.batches = batches;
    this.batchSize = batchSize;
    this.baselineBatches = baselineBatches;
    this.givenBaseline = givenBaseline;
  }

  /** This sampler with other generator settings. */
  public MaskSampler withOptions(GeneratorOptions o) {
    return new MaskSampler(generator, o, sparsity, seed, data, batches, batchSize, baselineBatches, givenBaseline,
        fixed, device);
  }

  /**
   * This sampler scoring the baseline on {@code n} minibatches of the draws' size, or on the whole training set
   * ({@link #WHOLE_TRAINING_SET}, the authors' choice).
   */
  public MaskSampler withBaselineBatches(int n) {
    return new MaskSampler(generator, options, sparsity, seed, data, batches, batchSize, n, givenBaseline, fixed,
        device);
  }

  /** This sampler scoring the baseline on a user's own minibatches, as they are. */
  public MaskSampler withBaselineBatches(FixedBatches given) {
    return new MaskSampler(generator, options, sparsity, seed, data, batches, batchSize, baselineBatches, given,
        fixed, device);
  }

  /**
   * This sampler drawing on {@code device} ({@code cpu}, {@code gpu}; see {@link Devices}): a GPU draw switches the
   * process to repeating GPU kernels ({@link Devices#forDraws}), so that a draw is the same mask every time there too.
   */
  public MaskSampler onDevice(String device) {
    return new MaskSampler(generator, options, sparsity, seed, data, batches, batchSize, baselineBatches,
        givenBaseline, fixed, device);
  }

  /** Where draws run: the {@code device} setting of {@link #onDevice}, cpu unless told. */
  public String device() {
    return device;
  }

  /**
   * Where this sampler's draws really run: its {@link #device}, or the CPU for a generator whose GPU draws do not
   * repeat ({@link MaskGenerator#repeatsOnGpu}): a selection's sources are drawn again, and a resumed run draws what
   * it lost, so a draw must be the same mask every time.
   */
  public String drawDevice() {
    if (device.equals("cpu") || fixed != null || Generators.create(generator, options).repeatsOnGpu()) {
      return device;
    }
    if (WARNED.add(generator)) {
      LOG.warn("generator {} does not repeat its draws on a GPU: its draws run on the CPU (draw.device={})",
          generator, device);
    }
    return "cpu";
  }

  /** The device of worker {@code worker}'s draws (its own GPU where draws run on GPUs). */
  public ai.djl.Device deviceFor(int worker) {
    return Devices.forDraws(drawDevice(), worker);
  }

  public String generator() {
    return generator;
  }

  public GeneratorOptions options() {
    return options;
  }

  /** The seed of draw {@code index}. */
  public long drawSeed(long index) {
    return seed * 1_000_003L + index;
  }

  /** Draw {@code index}: its masks only (no scores kept or normalised, and a generator may skip what no mask needs). */
  public MaskSet draw(NetworkSession session, long index) {
    return draw(session, index, false).masks();
  }

  /**
   * A draw and, for a generator that ranks weights ({@link ScoringGenerator}), its scores as the authors' code
   * reports them (normalised); null scores otherwise.
   */
  public record ScoredDraw(MaskSet masks, List<float[]> scores) {}

  /** Draw {@code index} with its scores, on the same minibatches as {@link #draw}. */
  public ScoredDraw drawScored(NetworkSession session, long index) {
    return draw(session, index, true);
  }

  private ScoredDraw draw(NetworkSession session, long index, boolean withScores) {
    if (fixed != null) {
      return new ScoredDraw(maskOnly(session, session.network().masksOf(fixed), index), null);
    }
    MaskGenerator gen = Generators.create(generator, options);
    if (!gen.needsData()) {
      // No forward or backward pass: PyTorch allocates nothing worth keeping in the heap.
      return draw(session, index, gen, withScores);
    }
    return NativeMemory.fromHeap(() -> draw(session, index, gen, withScores));
  }

  private ScoredDraw draw(NetworkSession session, long index, MaskGenerator gen, boolean withScores) {
    // Every array the draw creates (activations, losses, gradient views) is freed when it ends: they would
    // otherwise live on the model's manager until the session closes, some MB per draw.
    try (NDScope scope = new NDScope()) {
      GeneratorInput input;
      if (!gen.needsData()) {
        input = new GeneratorInput(session.network(), ScoringBatches.of(List.of()), ScoringBatches.of(List.of()),
            index > 0);
      } else {
        NDManager manager = session.model().getNDManager();
        input = new GeneratorInput(session.network(), batches(manager, index, 0), batches(manager, index, 1),
            index > 0);
      }
      if (withScores && gen instanceof ScoringGenerator scoring) {
        List<float[]> raw = scoring.scores(input, drawSeed(index));
        List<byte[]> masks = ScoringGenerator.topK(raw, sparsity);
        return new ScoredDraw(maskOnly(session, masks, index), scoring.normalized(raw));
      }
      return new ScoredDraw(maskOnly(session, gen.generate(input, sparsity, drawSeed(index)), index), null);
    }
  }

  /** Pass {@code pass} (0: SNIP's and GraSP's first, 1: GraSP's second) of draw {@code index}. */
  private ScoringBatches batches(NDManager manager, long index, int pass) {
    if (index == 0 && givenBaseline != null) {
      return given(givenBaseline, manager);
    }
    int limit = index == 0 ? baselineBatches : batches;
    // The whole training set is the same set of samples in any order; a limited pass takes another shuffle.
    long shuffle = limit == WHOLE_TRAINING_SET ? drawSeed(index) : drawSeed(index) * 2 + pass;
    ImageBatches source = ImageBatches.training(data.load(true), data.preprocessing(), batchSize, shuffle);
    return body -> {
      // Closed after the limited pass: the batches built ahead of it go with their thread.
      try (PrefetchedBatches it = source.batches(manager)) {
        for (int n = 0; it.hasNext() && (limit == WHOLE_TRAINING_SET || n < limit); n++) {
          try (Batch b = it.next(); NDScope scope = new NDScope()) {
            body.accept(new NDList[] {b.getData(), b.getLabels()});
          }
        }
      }
    };
  }

  private static ScoringBatches given(FixedBatches f, NDManager manager) {
    return body -> {
      for (int b = 0; b < f.batches(); b++) {
        try (NDManager batch = manager.newSubManager(); NDScope scope = new NDScope()) {
          NDArray x = batch.create(f.inputs(b), new Shape(f.batchSize(), f.shape()[2], f.shape()[3], f.shape()[4]));
          NDArray y = batch.create(f.labels(b));
          body.accept(new NDList[] {new NDList(x), new NDList(y)});
        }
      }
    };
  }

  /** Draw {@code index} as a mask-only set in network order (the weights stay with the network state). */
  private MaskSet maskOnly(NetworkSession session, List<byte[]> masks, long index) {
    List<LayerRecord> layers = new ArrayList<>();
    List<String> names = session.network().layerNames();
    for (int l = 0; l < names.size(); l++) {
      layers.add(LayerRecord.of(names.get(l), session.network().architecture().shape(names.get(l)), null,
          masks.get(l)));
    }
    return MaskSet.of(generator, seed, sparsity, index, layers);
  }
}
