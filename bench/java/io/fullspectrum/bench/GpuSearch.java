package io.fullspectrum.bench;

import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.graph.WeightedLayer;
import io.fullspectrum.nn.GpuAssignment;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.CompareMerge.LayerScores;
import io.fullspectrum.search.CompareMerge.Selection;
import io.fullspectrum.search.CompareMerge;
import io.fullspectrum.search.MaskSampler;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PAGS search phase as the DrawAndScore and SelectMaxDistance stages run it, without Beam (a GPU machine of the
 * device tool has PyTorch but neither Java nor room for Beam: bench/gpu/kit.sh packs DJL alone): {@code workers}
 * threads, each with its own session on its own device ({@link GpuAssignment}), draw indices 0..n with
 * {@link MaskSampler} and score each draw at once on the CPU; CompareMerge folds the scores in index order, and the
 * final selection's masks are assembled from its source draws drawn again, as AssembleSelection does.
 *
 * <p>Phases, for the kill-and-resume check: {@code all} (left alone), {@code first} (the state file gains each draw's
 * scores as it finishes; after {@code stop} draws the JVM halts, as a killed run would), {@code rest} (reads the
 * state file, draws only what is missing, and selects). Prints {@code RESULT search ...} with draws/s and
 * {@code SELECTION digest=...}, a SHA-256 of the final selection's sources and assembled masks.
 *
 * <p>Usage: {@code GpuSearch arch=resnet18 generator=snip draws=1000 sparsity=0.99 every=20 device=gpu workers=8
 * seed=0 batches=4 batch=128 images=2048 phase=all [stop=K state=FILE] [from=1: draws from..n timed alone, no
 * baseline and no selection]}.
 */
public final class GpuSearch {
  private final Map<String, String> options;

  private GpuSearch(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        System.err.println("GpuSearch: argument '" + a + "' is not key=value");
        System.exit(2);
      }
      options.put(a.substring(0, eq), a.substring(eq + 1));
    }
    new GpuSearch(options).run();
    System.exit(0);
  }

  private String opt(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  private void run() throws Exception {
    String arch = opt("arch", "resnet18");
    String generator = opt("generator", "snip");
    long n = Long.parseLong(opt("draws", "100"));
    String device = opt("device", "gpu");
    int workers = Integer.parseInt(opt("workers", "8"));
    String phase = opt("phase", "all");
    long stop = Long.parseLong(opt("stop", "0"));
    Path state = opt("state", "").isEmpty() ? null : Path.of(opt("state", ""));
    long seed = Long.parseLong(opt("seed", "0"));
    int[] shape = arch.equals("fmnist-cnn") ? new int[] {1, 28, 28} : new int[] {3, 32, 32};
    NetworkState init = NetworkSession.initial(arch, 10, shape[0], shape[1], shape[2], seed);
    DataSpec data = new DataSpec("synthetic", "", Integer.parseInt(opt("images", "2048")), shape, false);
    MaskSampler sampler = new MaskSampler(generator, Double.parseDouble(opt("sparsity", "0.99")), seed, data,
        Integer.parseInt(opt("batches", "4")), Integer.parseInt(opt("batch", "128"))).onDevice(device);

    Map<Long, LayerScores> scores = new ConcurrentHashMap<>();
    if (phase.equals("rest")) {
      scores.putAll(load(state));
    }
    List<Long> todo = new ArrayList<>();
    long from = Long.parseLong(opt("from", "0"));
    for (long i = from; i <= n; i++) {
      if (!scores.containsKey(i)) {
        todo.add(i);
      }
    }
    say("START search arch=%s generator=%s draws=%d..%d device=%s workers=%d phase=%s already=%d", arch, generator,
        from, n, device, workers, phase, scores.size());
    long t0 = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long[] drawNanos = new long[workers];
    long[] scoreNanos = new long[workers];
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    List<Long> memory = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < workers; w++) {
      int me = w;
      Thread t = new Thread(() -> {
        int worker = GpuAssignment.nextWorker();
        try (NetworkSession session = NetworkSession.open(init, sampler.deviceFor(worker))) {
          for (int k = next.getAndIncrement(); k < todo.size(); k = next.getAndIncrement()) {
            long index = todo.get(k);
            long a = System.nanoTime();
            MaskSet draw = sampler.draw(session, index);
            long b = System.nanoTime();
            LayerScores s = score(init, draw);
            scoreNanos[me] += System.nanoTime() - b;
            drawNanos[me] += b - a;
            scores.put(index, s);
            int d = done.incrementAndGet();
            if (phase.equals("first")) {
              synchronized (scores) {
                save(state, scores);
                if (scores.size() >= stop) {
                  say("HALT after %d draws (a kill)", scores.size());
                  Runtime.getRuntime().halt(137);
                }
              }
            }
            if (d % Math.max(1, todo.size() / 10) == 0 || d == todo.size()) {
              double secs = (System.nanoTime() - t0) / 1e9;
              long used = deviceMegabytes(session);
              memory.add(used);
              say("PROGRESS %d/%d draws, %.2f draws/s, eta %.0f s%s", d, todo.size(), d / secs,
                  secs / d * (todo.size() - d), used < 0 ? "" : ", device memory used " + used + " MB");
            }
          }
        } catch (Throwable e) {
          synchronized (errors) {
            errors.add(e);
          }
        }
      }, "search-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("a search worker failed", errors.get(0));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double drawSum = 0;
    double scoreSum = 0;
    for (int w = 0; w < workers; w++) {
      drawSum += drawNanos[w] / 1e9;
      scoreSum += scoreNanos[w] / 1e9;
    }
    say("RESULT search arch=%s generator=%s device=%s workers=%d draws=%d seconds=%.1f draws/s=%.3f "
            + "seconds/draw(one worker)=%.3f scoring-seconds/draw=%.4f", arch, generator, device, workers,
        todo.size(), seconds, todo.size() / seconds, drawSum / Math.max(1, todo.size()),
        scoreSum / Math.max(1, todo.size()));
    if (!memory.isEmpty()) {
      // Flat memory in n: the device memory in use at the first progress line and at the last.
      say("RESULT memory device=%s used-MB first=%d last=%d max=%d", device, memory.get(0),
          memory.get(memory.size() - 1), java.util.Collections.max(memory));
    }

    if (from > 0) {
      return; // draws timed alone: without the baseline (draw 0) there is nothing to select against
    }
    long s0 = System.nanoTime();
    List<Selection> selections = CompareMerge.fold(scores, Long.parseLong(opt("every", "20")));
    Selection last = selections.get(selections.size() - 1);
    byte[][] assembled = assemble(init, sampler, last);
    say("RESULT selection snapshots=%d sources=%d assembled-in=%.1f s", selections.size(),
        new TreeSet<>(longs(last.sourceOfLayer())).size(), (System.nanoTime() - s0) / 1e9);
    say("SELECTION arch=%s generator=%s device=%s draws=%d digest=%s", arch, generator, device, n,
        digest(last, assembled));
  }

  /** Device memory in use (MB) on the session's GPU, as CUDA reports it; -1 on the CPU. */
  private static long deviceMegabytes(NetworkSession session) {
    ai.djl.Device device = session.model().getNDManager().getDevice();
    if (!device.isGpu()) {
      return -1;
    }
    return ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getUsed() >> 20;
  }

  /** The four numbers a layer of one draw, and CompareMerge's view of them, as ScoreSpectrum computes them. */
  private static LayerScores score(NetworkState state, MaskSet draw) {
    List<WeightedLayer> masked = new ArrayList<>();
    for (int i = 0; i < state.prunable().layers().size(); i++) {
      LayerRecord w = state.prunable().layers().get(i);
      masked.add(WeightedLayer.view(w.name(), w.shape(), w.weights(), draw.layers().get(i).mask()));
    }
    FullSpectrumCoordinate c = NetworkScorer.sparse().score(masked);
    return ScoredMask.of(draw.sampleIndex(), c, draw.achievedSparsity()).compareMergeScores();
  }

  /** The selection's masks: each layer from its source draw, the sources drawn again on one session. */
  private static byte[][] assemble(NetworkState init, MaskSampler sampler, Selection last) {
    Map<Long, MaskSet> sources = new HashMap<>();
    byte[][] out = new byte[last.sourceOfLayer().length][];
    try (NetworkSession session = NetworkSession.open(init, sampler.deviceFor(GpuAssignment.nextWorker()))) {
      for (int l = 0; l < out.length; l++) {
        MaskSet source = sources.computeIfAbsent(last.sourceOfLayer()[l], i -> sampler.draw(session, i));
        out[l] = source.layers().get(l).mask();
      }
    }
    return out;
  }

  private static List<Long> longs(long[] a) {
    List<Long> out = new ArrayList<>();
    for (long v : a) {
      out.add(v);
    }
    return out;
  }

  private static String digest(Selection last, byte[][] masks) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (long s : last.sourceOfLayer()) {
      sha.update(java.nio.ByteBuffer.allocate(8).putLong(s).array());
    }
    for (byte[] m : masks) {
      sha.update(m);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void save(Path state, Map<Long, LayerScores> scores) {
    try {
      Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
      try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(tmp))) {
        o.writeObject(new TreeMap<>(scores));
      }
      Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<Long, LayerScores> load(Path state) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(state))) {
      return (Map<Long, LayerScores>) in.readObject();
    }
  }

  private static final long STARTED = System.nanoTime();

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, "[%6.1fs] ", (System.nanoTime() - STARTED) / 1e9)
        + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
