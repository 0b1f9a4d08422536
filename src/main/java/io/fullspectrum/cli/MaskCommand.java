package io.fullspectrum.cli;

import io.fullspectrum.config.CommonConfig;
import io.fullspectrum.config.Preset;
import io.fullspectrum.config.SamplerConfig;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.FixedBatches;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.schemas.NpyArray;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.search.CompareMerge;
import io.fullspectrum.search.Connectivity;
import io.fullspectrum.search.MaskSampler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code mask} pipeline: a PyTorch user's own weights in, the generator's mask out ({@code <layer>.mask} and
 * {@code <layer>.score} in an {@code .npz}, and an Arrow mask set), or with {@code samples=N} the PAGS selection
 * from those weights. One JVM, no runner: the same domain calls the PAGS stages wrap, with only the masks of the
 * current best's source draws held (memory does not grow with N).
 */
final class MaskCommand {
  private final Preset preset;
  private final PrintStream out;

  MaskCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  /**
   * The {@code mask} preset's own keys, bound once before anything is read or written: the user's weights
   * ({@code input}, empty: the architecture at initialisation), the {@code .npz} to write, the network, the
   * sparsity, PAGS draws ({@code samples}, 0: the generator's one mask) and the seed.
   */
  record Config(String input, Path output, String architecture, int classes, double sparsity, long samples,
      long seed, String generator) {
    /** @throws IllegalArgumentException one line naming the key (and the preset file when it holds the value) */
    static Config from(Preset p) {
      try {
        Path output = Paths.get(p.get("output"));
        if (!output.getFileName().toString().endsWith(".npz")) {
          throw new IllegalArgumentException("output=" + output + " must end in .npz");
        }
        String architecture = CommonConfig.architecture(p);
        int classes = p.getInt("classes");
        io.fullspectrum.nn.Architecture.of(architecture, classes);
        double sparsity = CommonConfig.sparsity(p);
        long samples = p.getLong("samples");
        if (samples < 0) {
          throw new IllegalArgumentException("samples=" + samples + " is negative");
        }
        return new Config(p.get("input"), output, architecture, classes, sparsity, samples, p.getLong("seed"),
            p.get("generator"));
      } catch (IllegalArgumentException e) {
        throw p.located(e);
      }
    }
  }

  Path run() throws IOException {
    Config c = Config.from(preset);
    String input = c.input();
    Path output = c.output();
    String architecture = c.architecture();
    int classes = c.classes();
    double sparsity = c.sparsity();
    long samples = c.samples();
    DataSpec data = CommonConfig.data(preset, architecture, classes);
    FixedBatches given = givenBatches(classes);
    int[] chw = given != null ? new int[] {given.shape()[2], given.shape()[3], given.shape()[4]} : data.shape();
    int[] needed = io.fullspectrum.nn.Architecture.of(architecture, classes).inputShape(chw);
    if (!Arrays.equals(needed, chw)) {
      throw new IllegalArgumentException(preset.get("batches") + ": images of " + chw[0] + "x" + chw[1] + "x"
          + chw[2] + "; architecture " + architecture + " needs " + needed[0] + "x" + needed[1] + "x" + needed[2]);
    }
    NetworkState state;
    if (input.isEmpty()) {
      // No weights given: the architecture at the authors' initialisation (method §6) from the seed.
      state = NetworkSession.initial(architecture, classes, chw[0], chw[1], chw[2], c.seed());
      input = io.fullspectrum.nn.TorchScriptModel.isSpec(architecture)
          ? io.fullspectrum.nn.TorchScriptModel.of(architecture).path() + " (its own weights)"
          : architecture + " at initialisation (seed " + c.seed() + ")";
    } else {
      Map<String, NpyArray> arrays = NetworkFiles.readArrays(Paths.get(input));
      state = NetworkSession.fromStateDict(architecture, classes, chw[0], chw[1], chw[2], arrays, input);
    }
    MaskSampler sampler = SamplerConfig.from(preset, c.generator(), sparsity, c.seed(), data);
    if (given != null) {
      sampler = sampler.withBaselineBatches(given);
    }
    long start = System.nanoTime();
    MaskSet chosen;
    List<float[]> scores;
    try (NetworkSession session = NetworkSession.open(state)) {
      MaskSampler.ScoredDraw baseline = sampler.drawScored(session, 0);
      scores = baseline.scores();
      chosen = samples == 0 ? baseline.masks()
          : search(session, state, sampler, baseline.masks(), samples, SamplerConfig.mergeGuard(preset));
    }
    List<LayerRecord> layers = new ArrayList<>();
    List<LayerRecord> weights = state.prunable().layers();
    for (int l = 0; l < weights.size(); l++) {
      layers.add(weights.get(l).withMask(chosen.layers().get(l).mask()));
    }
    MaskSet result = MaskSet.of(sampler.generator(), c.seed(), sparsity, samples, layers);
    NetworkFiles.writeMasksAndScores(result, samples == 0 ? scores : null, output);
    String name = output.getFileName().toString();
    Path arrow = output.resolveSibling(name.substring(0, name.length() - ".npz".length()) + ".arrow");
    MaskSetArrow.writeFile(result, arrow);
    List<byte[]> masks = new ArrayList<>();
    result.layers().forEach(r -> masks.add(r.mask()));
    Connectivity.Result effective = Connectivity.of(architecture, classes, chw).effective(masks);
    out.printf(Locale.ROOT, "%s mask of %s at sparsity %s (%s): kept %d of %d weights, effective sparsity %.4f, "
            + "in %.1f s; wrote %s and %s%n", sampler.generator(), input, preset.get("sparsity"),
        samples == 0 ? "one draw" : "PAGS over " + samples + " draws", effective.kept(), effective.total(),
        effective.effectiveSparsity(), (System.nanoTime() - start) / 1e9, output, arrow);
    if (!effective.connected()) {
      out.println("WARNING: DISCONNECTED: no kept weight lies on a path from input to output");
    }
    return output;
  }

  /** PAGS from the session's weights: draws 1..n scored and merged in index order. */
  private MaskSet search(NetworkSession session, NetworkState state, MaskSampler sampler, MaskSet baseline,
      long samples, boolean guard) {
    Connectivity connectivity = Connectivity.of(state.architecture(), state.classes(),
        new int[] {state.channels(), state.height(), state.width()});
    Map<Long, CompareMerge.LayerScores> scores = new HashMap<>();
    Map<Long, MaskSet> held = new HashMap<>();
    held.put(0L, baseline);
    scores.put(0L, score(state, baseline, connectivity, guard).compareMergeScores());
    long began = System.nanoTime();
    Selection best = null;
    for (long i = 1; i <= samples; i++) {
      MaskSet draw = sampler.draw(session, i);
      scores.put(i, score(state, draw, connectivity, guard).compareMergeScores());
      held.put(i, draw);
      List<Selection> folded = CompareMerge.fold(scores, samples, guard ? connectivity : null);
      best = folded.get(folded.size() - 1);
      Set<Long> needed = new HashSet<>();
      for (long s : best.sourceOfLayer()) {
        needed.add(s);
      }
      held.keySet().retainAll(needed);
      if (i % 10 == 0 || i == samples) {
        double secs = (System.nanoTime() - began) / 1e9;
        out.printf(Locale.ROOT, "drew and scored %d/%d draws, best distance %.5f, eta %.0fs%n", i, samples,
            best.meanMagnitude(), secs / i * (samples - i));
      }
    }
    List<LayerRecord> layers = new ArrayList<>();
    for (int l = 0; l < best.sourceOfLayer().length; l++) {
      layers.add(held.get(best.sourceOfLayer()[l]).layers().get(l));
    }
    return MaskSet.of("pags", baseline.seed(), baseline.sparsity(), samples, layers);
  }

  private static ScoredMask score(NetworkState state, MaskSet draw, Connectivity connectivity, boolean guard) {
    List<LayerRecord> masked = new ArrayList<>();
    List<byte[]> masks = new ArrayList<>();
    for (int l = 0; l < draw.layers().size(); l++) {
      masked.add(state.prunable().layers().get(l).withMask(draw.layers().get(l).mask()));
      masks.add(draw.layers().get(l).mask());
    }
    return ScoredMask.of(draw.sampleIndex(), NetworkScorer.sparse().score(masked), draw.achievedSparsity(),
        Double.NaN, guard ? connectivity.channelAdjacency(masks) : null);
  }

  /** The user's scoring batches, checked against each other and the classes; null when none are given. */
  private FixedBatches givenBatches(int classes) throws IOException {
    String batches = preset.get("batches");
    String labels = preset.get("labels");
    if (batches.isEmpty() && labels.isEmpty()) {
      return null;
    }
    if (batches.isEmpty() || labels.isEmpty()) {
      throw new IllegalArgumentException("batches= and labels= go together: give both .npy files or neither");
    }
    NpyArray x = NpyArray.readFile(Paths.get(batches));
    NpyArray y = NpyArray.readFile(Paths.get(labels));
    if (!x.isFloating()) {
      throw new IllegalArgumentException(batches + ": inputs must be floating-point, not integers");
    }
    if (!y.isInteger()) {
      throw new IllegalArgumentException(labels + ": labels must be integers");
    }
    int[] xs = x.shape();
    int[] ys = y.shape();
    if (xs.length != 5) {
      throw new IllegalArgumentException(batches + ": shape " + Arrays.toString(xs)
          + " is not (batches, batch, channels, height, width)");
    }
    if (ys.length != 2 || ys[0] != xs[0] || ys[1] != xs[1]) {
      throw new IllegalArgumentException(labels + ": shape " + Arrays.toString(ys) + " does not match "
          + batches + "'s (" + xs[0] + ", " + xs[1] + ")");
    }
    long[] values = y.toLongs();
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] >= classes) {
        throw new IllegalArgumentException(labels + ": label " + values[i] + " at index " + i
            + " is outside [0, " + classes + ")");
      }
      ints[i] = (int) values[i];
    }
    float[] inputs = x.toFloats();
    for (int i = 0; i < inputs.length; i++) {
      if (!Float.isFinite(inputs[i])) {
        throw new IllegalArgumentException(batches + ": value " + i + " is " + inputs[i]);
      }
    }
    return new FixedBatches(xs, inputs, ints);
  }
}
