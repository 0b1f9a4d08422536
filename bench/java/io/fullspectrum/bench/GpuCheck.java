package io.fullspectrum.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.fullspectrum.baselines.MaskDistance;
import io.fullspectrum.generators.ErkGenerator;
import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.Devices;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.Networks;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.nn.train.StepPhases;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The project's GPU check (issue 16; run by bench/gpu.sh): what the FineTune and Evaluate stages do per network
 * (NetworkSession.open on the device, MaskedTrainer.trainEpoch, MaskedTrainer.evaluate, session.capture) and what
 * DrawAndScore does per draw (MaskSampler.drawScored, every generator), on {@code gpu} and on {@code cpu}, on
 * synthetic data: masked weights must stay exactly zero, the GPU must really be used, the two devices must agree
 * (initial logits, the update after the same first steps, the drawn masks), a draw drawn again must give the same
 * mask on either device (on a GPU with its kernels made to repeat, {@code Devices.forDraws}), and a search killed
 * mid-way and resumed in new JVMs must end with the same selection as one left alone ({@link GpuSearch}).
 * Prints steps/s, the parts of a step ({@link StepPhases}) and seconds a draw, for bench/gpu.sh to set against
 * plain PyTorch (bench/gpu/torch_ref.py).
 *
 * <p>{@code dry=true} runs the same flow on a machine without a GPU: {@code gpu} falls back to the CPU as the
 * project does, the device check is skipped, and the comparisons then compare the CPU with itself. CI runs it
 * (GpuCheckDryRunTest, GpuScriptDryRunTest).
 *
 * <p>Arguments, key=value: archs=fmnist-cnn,resnet18 devices=gpu,cpu dry=false batch=128 sparsity=0.98 warmup.ARCH=N
 * (the steps compared across devices: 3 for the CNN, 1 for ResNet-18, whose float32 rounding is amplified hundreds
 * of times a step from initialisation at 98%: bench/results/conditioning.txt) steps.ARCH.DEVICE=N phases=true
 * generators=snip,grasp,synflow,magnitude,random,erk draws=2 draw.batches=4 draw.batch=128 test=1000 seed=1
 * repeat.devices=gpu,cpu (where a draw is drawn again) resume=snip:24,grasp:12 (generator:n of the kill-and-resume
 * check; empty: none) resume.arch=resnet18 resume.workers=4 resume.sparsity=0.99; an arch may be a TorchScript model
 * ({@code model:/path/model.pt}) with shape=C,H,W its input.
 */
public final class GpuCheck {
  /** The generators drawn by default: every shipped one. */
  static final String GENERATORS = "snip,grasp,synflow,magnitude,random,erk";

  /** From this many steps on, a fine-tune must lower the test loss. */
  static final int LEARNING_STEPS = 10;

  private final Map<String, String> options;
  private final List<String> failures = new ArrayList<>();
  private final Consumer<String> out;
  private final long started = System.nanoTime();
  /** The seeded initial state of each network (what InitWeights emits), made once for its fine-tunes and draws. */
  private final Map<String, NetworkState> initialStates = new LinkedHashMap<>();

  /** One fine-tune on one device, as the FineTune stage runs it, and what was checked on its output. */
  public record FineTuneResult(String arch, String requested, String actual, int steps, double stepsPerSecond,
      double trainLoss, Evaluation before, Evaluation after, long masked, long maskedNonZero, long kept,
      long keptMoved, boolean finite, float[] initialLogits, float[] warmupUpdate, Map<String, Double> phases) {}

  /** The draws of one generator on one device: the first draw's masks and scores, and seconds a draw. */
  public record DrawResult(String arch, String device, String generator, MaskSet masks, List<float[]> scores,
      double secondsPerDraw) {}

  public GpuCheck(Map<String, String> options, Consumer<String> out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        System.err.println("GpuCheck: argument '" + a + "' is not key=value");
        System.exit(2);
      }
      options.put(a.substring(0, eq), a.substring(eq + 1));
    }
    GpuCheck check = new GpuCheck(options, line -> {
      System.out.println(line);
      System.out.flush();
    });
    System.exit(check.run().isEmpty() ? 0 : 1);
  }

  /** Runs every part; returns the failures (empty: the check passed). */
  public List<String> run() {
    String[] archs = opt("archs", "fmnist-cnn,resnet18").split(",");
    String[] devices = opt("devices", "gpu,cpu").split(",");
    boolean dry = dry();
    Engine engine = Engine.getEngine("PyTorch");
    say("ENGINE %s %s, GPUs seen %d, torch threads %d, java %s, %d cores%s", engine.getEngineName(),
        engine.getVersion(), engine.getGpuCount(), JniUtils.getNumThreads(), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), dry ? ", DRY (gpu falls back to the CPU)" : "");
    if (!dry && Arrays.asList(devices).contains("gpu") && engine.getGpuCount() == 0) {
      fail("gpu", "PyTorch sees no GPU (CPU natives, or no CUDA device): run with dry=true on a CPU machine");
      return failures;
    }
    for (String arch : archs) {
      Map<String, FineTuneResult> tuned = new LinkedHashMap<>();
      Map<String, DrawResult> drawn = new LinkedHashMap<>();
      for (String device : devices) {
        guard(arch + "/" + device + " fine-tune", () -> {
          FineTuneResult r = fineTune(arch, device);
          tuned.put(device, r);
          for (String p : problems(r, dry)) {
            fail(arch + "/" + device + " fine-tune", p);
          }
        });
        for (String generator : opt("generators", GENERATORS).split(",")) {
          if (!generator.isEmpty()) {
            guard(arch + "/" + device + " " + generator + " draws",
                () -> drawn.put(device + "/" + generator, draws(arch, device, generator)));
          }
        }
      }
      compareDevices(arch, tuned, drawn);
    }
    for (String job : opt("resume", "").split(",")) {
      if (!job.isEmpty()) {
        guard("resume " + job, () -> resume(job));
      }
    }
    say("DONE in %.1f s: %d failure(s)", elapsed(), failures.size());
    for (String f : failures) {
      say("FAIL %s", f);
    }
    if (failures.isEmpty()) {
      say("PASS GpuCheck%s", dry ? " (dry: no GPU used)" : "");
    }
    return failures;
  }

  /**
   * What is wrong with a fine-tune's output: trained elsewhere than asked, non-finite values, a masked weight that
   * is not exactly zero, no kept weight moved, a test loss that did not fall in {@value #LEARNING_STEPS} steps or more.
   */
  public static List<String> problems(FineTuneResult r, boolean dry) {
    List<String> bad = new ArrayList<>();
    if (!dry && r.requested().startsWith("gpu") && !r.actual().startsWith("gpu")) {
      bad.add("asked for " + r.requested() + " but trained on " + r.actual());
    }
    if (!r.finite()) {
      bad.add("non-finite weights or loss");
    }
    if (r.maskedNonZero() != 0) {
      bad.add(r.maskedNonZero() + " of " + r.masked() + " masked weights are not exactly zero");
    }
    if (r.keptMoved() == 0) {
      bad.add("no kept weight moved");
    }
    // A few steps of ResNet-18 need not lower the test loss yet (batch-norm running statistics lag).
    if (r.steps() >= LEARNING_STEPS && !(r.after().loss() < r.before().loss())) {
      bad.add(String.format(Locale.ROOT, "the test loss did not fall in %d steps (%.4f -> %.4f)", r.steps(),
          r.before().loss(), r.after().loss()));
    }
    return bad;
  }

  private FineTuneResult fineTune(String archName, String device) {
    int[] shape = shape(archName);
    long seed = Long.parseLong(opt("seed", "1"));
    int batch = Integer.parseInt(opt("batch", "128"));
    int warmup = Integer.parseInt(opt("warmup." + archName, archName.equals("resnet18") ? "1" : "3"));
    int steps = Integer.parseInt(opt("steps." + archName + "." + device, defaultSteps(archName, device)));
    double sparsity = Double.parseDouble(opt("sparsity", "0.98"));
    // The first steps' batches are the same on every device (their own set: the timed set's size varies by device).
    ImageSet first = synthetic(batch * warmup, shape, seed, seed + 2);
    ImageSet train = synthetic(batch * steps, shape, seed, seed);
    ImageSet test = synthetic(Integer.parseInt(opt("test", "1000")), shape, seed, seed + 1);
    DataSpec spec = spec(shape, 0);

    // What InitWeights emits and a generator stage adds: a seeded initial state with an ERK mask.
    NetworkState init = initial(archName);
    Architecture arch = Architecture.of(archName, 10);
    GeneratorInput input = new GeneratorInput(Networks.build(arch, shape[0], shape[1], shape[2]), List.of());
    NetworkState state = init.withMasks("erk", new ErkGenerator().generate(input, sparsity, seed + 7));
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, batch, 1000, List.of(), 0.1f, seed);
    Device requested = Devices.named(device);
    // What the FineTune stage's DoFn does per element, then the Evaluate stage.
    try (NetworkSession session = NetworkSession.open(state, requested);
        MaskedTrainer trainer = new MaskedTrainer(session.network(), session.model(), recipe, session.masks())) {
      String actual = session.model().getNDManager().getDevice().toString();
      ImageBatches trainBatches = ImageBatches.training(train, spec.preprocessing(), batch, seed);
      ImageBatches testBatches = ImageBatches.evaluation(test, spec.preprocessing(), 500);
      Evaluation before = trainer.evaluate(testBatches);
      float[] logits = logits(session, test, spec);
      trainer.trainEpoch(ImageBatches.training(first, spec.preprocessing(), batch, seed), 0, warmup, null);
      List<String> names = arch.layerNames();
      float[] update = concat(update(session.network().weights(names.get(0)), state.prunable().layers().get(0)),
          update(session.network().weights(names.get(names.size() - 1)),
              state.prunable().layers().get(names.size() - 1)));
      long t0 = System.nanoTime();
      double trainLoss = trainer.trainEpoch(trainBatches, 1, steps, null);
      double stepsPerSecond = steps / ((System.nanoTime() - t0) / 1e9);
      Evaluation after = trainer.evaluate(testBatches);
      Map<String, Double> phases = opt("phases", "true").equals("true")
          ? StepPhases.measure(trainer, trainBatches, 5, Math.max(5, steps / 2)) : Map.of();
      NetworkState trained = session.capture(null);
      FineTuneResult r = checked(archName, device, actual, steps, stepsPerSecond, trainLoss, before, after, state,
          trained, logits, update, phases);
      say("RESULT fine-tune arch=%s device=%s on=%s steps=%d steps/s=%.2f train-loss=%.4f test-loss %.4f -> %.4f "
              + "test-acc %.4f -> %.4f masked=%d masked-nonzero=%d kept-moved=%d/%d", archName, device, actual,
          steps, stepsPerSecond, trainLoss, before.loss(), after.loss(), before.accuracy(), after.accuracy(),
          r.masked(), r.maskedNonZero(), r.keptMoved(), r.kept());
      if (!phases.isEmpty()) {
        StringBuilder line = new StringBuilder();
        phases.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s=%.2f", k, v)));
        say("RESULT phases arch=%s device=%s (steps/s)%s", archName, device, line);
      }
      return r;
    }
  }

  /** Counts masked weights that are not exactly zero and kept weights that moved, from the trained state. */
  private static FineTuneResult checked(String arch, String device, String actual, int steps, double stepsPerSecond,
      double trainLoss, Evaluation before, Evaluation after, NetworkState initial, NetworkState trained,
      float[] logits, float[] update, Map<String, Double> phases) {
    long masked = 0;
    long maskedNonZero = 0;
    long kept = 0;
    long keptMoved = 0;
    boolean finite = Double.isFinite(trainLoss) && Double.isFinite(after.loss());
    for (int l = 0; l < trained.prunable().layers().size(); l++) {
      float[] w = trained.prunable().layers().get(l).weights();
      LayerRecord was = initial.prunable().layers().get(l);
      for (int i = 0; i < w.length; i++) {
        finite &= Float.isFinite(w[i]);
        if (was.mask()[i] == 0) {
          masked++;
          maskedNonZero += w[i] == 0f ? 0 : 1;
        } else {
          kept++;
          keptMoved += w[i] != was.weights()[i] ? 1 : 0;
        }
      }
    }
    return new FineTuneResult(arch, device, actual, steps, stepsPerSecond, trainLoss, before, after, masked,
        maskedNonZero, kept, keptMoved, finite, logits, update, phases);
  }

  /** Draws 1..draws of a generator, as the DrawAndScore stage draws them, on a session opened on the device. */
  private DrawResult draws(String archName, String device, String generator) {
    int[] shape = shape(archName);
    long seed = Long.parseLong(opt("seed", "1"));
    int drawBatch = Integer.parseInt(opt("draw.batch", "128"));
    int drawBatches = Integer.parseInt(opt("draw.batches", "4"));
    int count = Integer.parseInt(opt("draws", "2"));
    NetworkState init = initial(archName);
    MaskSampler sampler = new MaskSampler(generator, Double.parseDouble(opt("sparsity", "0.98")), seed,
        spec(shape, drawBatch * drawBatches * 2), drawBatches, drawBatch).onDevice(device);
    // As DrawAndScore opens its session: on a GPU, with the process's kernels made to repeat.
    try (NetworkSession session = NetworkSession.open(init, sampler.deviceFor(0))) {
      MaskSampler.ScoredDraw first = null;
      double seconds = 0;
      for (int index = 1; index <= count; index++) {
        long t0 = System.nanoTime();
        MaskSampler.ScoredDraw d = sampler.drawScored(session, index);
        double s = (System.nanoTime() - t0) / 1e9;
        // The first draw on a device includes its warm-up (cuDNN's plans, the allocator): timed from the second on.
        seconds += index == 1 && count > 1 ? 0 : s;
        first = first == null ? d : first;
      }
      double perDraw = seconds / (count > 1 ? count - 1 : 1);
      say("RESULT draw arch=%s device=%s on=%s generator=%s draws=%d seconds/draw=%.3f kept=%d", archName, device,
          session.model().getNDManager().getDevice(), generator, count, perDraw, first.masks().keptWeights());
      if (!Arrays.asList(opt("repeat.devices", opt("devices", "gpu,cpu")).split(",")).contains(device)) {
        return new DrawResult(archName, device, generator, first.masks(), first.scores(), perDraw);
      }
      // A run redraws the masks it selects (AssembleSelection) and a resumed or restarted run draws again: the
      // same index must give the same mask, on the same session and on a new one.
      long same = differing(sampler.drawScored(session, 1).masks(), first.masks());
      long fresh;
      try (NetworkSession again = NetworkSession.open(init, sampler.deviceFor(0))) {
        fresh = differing(sampler.drawScored(again, 1).masks(), first.masks());
      }
      String repeat = String.format(Locale.ROOT, "%s draw 1 again: %d weights differ on the same session, %d on a "
          + "new session", generator, same, fresh);
      if (same == 0 && fresh == 0) {
        say("REPEAT arch=%s device=%s %s", archName, device, repeat);
      } else {
        fail(archName + "/" + device + " repeat", repeat);
      }
      return new DrawResult(archName, device, generator, first.masks(), first.scores(), perDraw);
    }
  }

  /**
   * The kill-and-resume check of one {@code generator:n} job, in new JVMs as a user's runs are: a search of draws
   * 0..n left alone; the same search killed (the JVM halts) after n/2 draws, whose saved draws' scores a third JVM
   * reads before drawing the rest. Both must end with the same selection: its sources and assembled masks, to the bit.
   */
  private void resume(String job) {
    String[] parts = job.split(":");
    String generator = parts[0];
    long n = Long.parseLong(parts[1]);
    String device = opt("resume.device", Arrays.asList(opt("devices", "gpu,cpu").split(",")).get(0));
    List<String> common = new ArrayList<>(List.of("arch=" + opt("resume.arch", "resnet18"), "generator=" + generator,
        "draws=" + n, "device=" + device, "workers=" + opt("resume.workers", "4"), "every=" + Math.max(1, n / 4),
        "seed=" + opt("seed", "1"), "batches=" + opt("draw.batches", "4"), "batch=" + opt("draw.batch", "128"),
        "images=" + Integer.parseInt(opt("draw.batch", "128")) * Integer.parseInt(opt("draw.batches", "4")) * 2,
        "sparsity=" + opt("resume.sparsity", "0.99")));
    try {
      java.nio.file.Path state = java.nio.file.Files.createTempFile("gpu-search-", ".state");
      String alone = digestOf(child(common, "phase=all"));
      String killed = child(common, "phase=first", "stop=" + Math.max(1, (n + 1) / 2), "state=" + state);
      if (!killed.contains("HALT after")) {
        fail("resume " + job, "the first half did not halt as a killed run: " + tail(killed));
        return;
      }
      String resumed = digestOf(child(common, "phase=rest", "state=" + state));
      java.nio.file.Files.deleteIfExists(state);
      if (alone != null && alone.equals(resumed)) {
        say("RESUME %s n=%d device=%s: killed after %d draws and resumed in a new JVM, the same selection (%s)",
            generator, n, device, Math.max(1, (n + 1) / 2), alone.substring(0, 16));
      } else {
        fail("resume " + job, "left alone " + alone + ", killed and resumed " + resumed);
      }
    } catch (java.io.IOException | InterruptedException e) {
      fail("resume " + job, "could not run the searches: " + e);
    }
  }

  /** GpuSearch in a child JVM with this JVM's runtime, class path and flags; its output. */
  private String child(List<String> common, String... more) throws java.io.IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g",
        "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        GpuSearch.class.getName()));
    command.addAll(common);
    command.addAll(Arrays.asList(more));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    for (String line : text.split("\n")) {
      if (line.contains("RESULT") || line.contains("SELECTION") || line.contains("HALT")) {
        say("  %s", line.trim());
      }
    }
    return text;
  }

  private static String digestOf(String output) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("SELECTION .* digest=([0-9a-f]+)").matcher(output);
    return m.find() ? m.group(1) : null;
  }

  private static String tail(String text) {
    return text.length() > 400 ? text.substring(text.length() - 400) : text;
  }

  /**
   * How many weights two mask sets of one network keep differently: {@link MaskDistance}'s symmetric difference,
   * times the kept weights it is a fraction of.
   */
  static long differing(MaskSet a, MaskSet b) {
    return Math.round(MaskDistance.between(masks(a), masks(b)) * (a.keptWeights() + b.keptWeights()));
  }

  private static List<byte[]> masks(MaskSet m) {
    List<byte[]> out = new ArrayList<>();
    for (LayerRecord l : m.layers()) {
      out.add(l.mask());
    }
    return out;
  }

  /** GPU against CPU: initial logits, the update after the same first steps, the first draw's masks and scores. */
  private void compareDevices(String arch, Map<String, FineTuneResult> tuned, Map<String, DrawResult> drawn) {
    FineTuneResult g = tuned.get("gpu");
    FineTuneResult c = tuned.get("cpu");
    if (g != null && c != null) {
      say("RATIO fine-tune arch=%s gpu/cpu=%.2f (steps/s %.2f / %.2f)", arch, g.stepsPerSecond() / c.stepsPerSecond(),
          g.stepsPerSecond(), c.stepsPerSecond());
      // cuDNN may use TF32 (PyTorch's default for convolutions) and other summation orders: loose tolerances.
      agree(arch, "initial logits on 64 test images", relative(g.initialLogits(), c.initialLogits()), 2e-2);
      agree(arch, "update of the first and last prunable layer after the same first steps",
          relative(g.warmupUpdate(), c.warmupUpdate()), 1e-1);
    }
    for (String generator : opt("generators", GENERATORS).split(",")) {
      DrawResult dg = drawn.get("gpu/" + generator);
      DrawResult dc = drawn.get("cpu/" + generator);
      if (dg != null && dc != null) {
        say("RATIO draw arch=%s generator=%s cpu/gpu seconds=%.2f (%.3f / %.3f s)", arch, generator,
            dc.secondsPerDraw() / dg.secondsPerDraw(), dc.secondsPerDraw(), dg.secondsPerDraw());
        double overlap = overlap(dg.masks(), dc.masks());
        String what = generator + " draw 1: kept weights in common";
        String numbers = String.format(Locale.ROOT, "%.4f of the CPU's kept weights (at least 0.9)", overlap);
        if (overlap >= 0.9) {
          say("AGREE arch=%s %s: %s", arch, what, numbers);
        } else {
          fail(arch + " gpu-vs-cpu", what + ": " + numbers);
        }
        if (dg.scores() == null || dc.scores() == null) {
          continue; // a generator that ranks no weights (SynFlow's rounds, random, ERK) has its masks alone
        }
        double rel = 0;
        for (int l = 0; l < dg.scores().size(); l++) {
          rel = Math.max(rel, relative(dg.scores().get(l), dc.scores().get(l)));
        }
        say("AGREE arch=%s %s draw 1: scores max |gpu - cpu| / max |cpu| per layer, largest %.3g (reported)", arch,
            generator, rel);
      }
    }
  }

  private void agree(String arch, String what, double rel, double tolerance) {
    String numbers = String.format(Locale.ROOT, "max |gpu - cpu| / max |cpu| = %.3g (tolerance %.0e)", rel, tolerance);
    if (rel <= tolerance) {
      say("AGREE arch=%s %s: %s", arch, what, numbers);
    } else {
      fail(arch + " gpu-vs-cpu", what + " differ: " + numbers);
    }
  }

  /** {@code max |a - b| / max |b|}; infinite when the lengths differ. */
  static double relative(float[] a, float[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double diff = 0;
    double scale = 1e-30;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }

  /** The fraction of {@code b}'s kept weights that {@code a} keeps too. */
  static double overlap(MaskSet a, MaskSet b) {
    long both = 0;
    long kept = 0;
    for (int l = 0; l < b.layers().size(); l++) {
      byte[] ma = a.layers().get(l).mask();
      byte[] mb = b.layers().get(l).mask();
      for (int i = 0; i < mb.length; i++) {
        kept += mb[i] != 0 ? 1 : 0;
        both += mb[i] != 0 && ma[i] != 0 ? 1 : 0;
      }
    }
    return kept == 0 ? 0 : (double) both / kept;
  }

  /** Logits of the initial masked network on 64 test images, to compare the devices' forward passes. */
  private static float[] logits(NetworkSession session, ImageSet test, DataSpec spec) {
    try (NDManager sub = session.model().getNDManager().newSubManager()) {
      Batch first = ImageBatches.evaluation(test.head(64), spec.preprocessing(), 64).getData(sub).iterator().next();
      NDList o = session.network().block().forward(new ParameterStore(sub, false), first.getData(), false);
      float[] v = o.singletonOrThrow().toType(DataType.FLOAT32, false).toFloatArray();
      first.close();
      return v;
    }
  }

  private NetworkState initial(String arch) {
    int[] shape = shape(arch);
    return initialStates.computeIfAbsent(arch, a -> NetworkSession.initial(a, 10, shape[0], shape[1], shape[2],
        Long.parseLong(opt("seed", "1"))));
  }

  /** The input of {@code arch}: option {@code shape=C,H,W} for a model file, else the built-in's own. */
  private int[] shape(String arch) {
    String given = opt("shape", "");
    if (!given.isEmpty()) {
      return java.util.Arrays.stream(given.split(",")).mapToInt(Integer::parseInt).toArray();
    }
    return arch.equals("fmnist-cnn") ? new int[] {1, 28, 28} : new int[] {3, 32, 32};
  }

  private static DataSpec spec(int[] shape, int size) {
    return new DataSpec("synthetic", "", size, shape, false);
  }

  private static ImageSet synthetic(int n, int[] shape, long prototypes, long samples) {
    return io.fullspectrum.nn.data.SyntheticImages.generate(n, shape[0], shape[1], shape[2], 10, prototypes,
        samples);
  }

  private String defaultSteps(String arch, String device) {
    boolean gpu = device.startsWith("gpu") && !dry();
    if (arch.equals("fmnist-cnn")) {
      return gpu ? "300" : "30";
    }
    return gpu ? "200" : "6";
  }

  private boolean dry() {
    return opt("dry", "false").equals("true");
  }

  /** Weights now minus the masked initial weights of the layer. */
  private static float[] update(float[] now, LayerRecord initial) {
    float[] d = new float[now.length];
    for (int i = 0; i < now.length; i++) {
      d[i] = now[i] - (initial.mask()[i] == 0 ? 0f : initial.weights()[i]);
    }
    return d;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private String opt(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  private void guard(String what, Runnable part) {
    try {
      part.run();
    } catch (RuntimeException | Error e) {
      fail(what, "threw " + e);
      StringBuilder trace = new StringBuilder();
      for (StackTraceElement el : e.getStackTrace()) {
        trace.append("\n    at ").append(el);
      }
      out.accept(trace.toString());
    }
  }

  private double elapsed() {
    return (System.nanoTime() - started) / 1e9;
  }

  private void fail(String what, String why) {
    failures.add(what + ": " + why);
    say("FAIL %s: %s", what, why);
  }

  private void say(String format, Object... args) {
    out.accept(String.format(Locale.ROOT, "[%6.1fs] ", elapsed()) + String.format(Locale.ROOT, format, args));
  }
}
