package io.fullspectrum.pipelines;

import io.fullspectrum.schemas.AtomicFiles;
import io.fullspectrum.schemas.MaskSetArrow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kind=table}: runs a preset matrix (generators x {pai, pags, pegs@K} plus lth and eb, over seeds), one run
 * folder each under {@code runs/}, and writes the paper-style table: per generator and method the baseline
 * accuracy (the generator's own mask in the same setting), the best and the mean ± std over seeds, and the
 * training cost. Finished runs are kept, so a stopped table goes on where it stopped when started again with the
 * same output.
 */
final class TableCommand {
  private static final Pattern ACCURACY = Pattern.compile("\"([^\"]+)\": \\{\"accuracy\": ([^,]+),");
  private static final Pattern SEARCH = Pattern.compile("\"search_iterations\": (\\d+)");

  private final Preset preset;
  private final PrintStream out;

  TableCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  /** One cell of the matrix: which preset it runs, with which overrides, into which folder. */
  record Job(String method, String generator, long seed, String pipeline, Map<String, String> exact, String folder) {}

  /** One finished job's figures. */
  record Result(Job job, double baseline, double accuracy, long iterations, long draws, double sparsity,
      double effectiveSparsity) {}

  void run() throws IOException {
    String output = preset.get("output");
    Path table = output.isEmpty() ? RunFolder.fresh(preset.pipeline()) : Paths.get(output);
    Files.createDirectories(table);
    List<Job> jobs = jobs(table);
    Map<String, String> shared = new LinkedHashMap<>(preset.values());
    out.printf(Locale.ROOT, "%s: %d runs into %s%n", preset.pipeline(), jobs.size(), table);
    long started = System.nanoTime();
    int fresh = 0;
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Path folder = Paths.get(job.folder());
      if (!Files.isRegularFile(folder.resolve("results.json"))) {
        double secs = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "table: run %d/%d: %s %s seed %d%s%n", i + 1, jobs.size(), job.method(),
            job.generator(), job.seed(), fresh == 0 ? "" : String.format(Locale.ROOT, " (eta %.0f s)",
                secs / fresh * (jobs.size() - i)));
        Map<String, String> exact = new LinkedHashMap<>(job.exact());
        Preset sub = Preset.load(job.pipeline(), List.of("runner=" + preset.get("runner")), Map.of())
            .derive(shared, exact);
        boolean resume = Files.isRegularFile(folder.resolve(RunState.RUN));
        Preset withOutput = sub.derive(Map.of(), Map.of("output", folder.toString()));
        // Each cell runs in a JVM of its own: native memory a run leaves behind cannot pile up over dozens of
        // runs, and a crashed cell leaves the finished ones intact for the next start.
        out.flush();
        int status = ForkedJvm.run(job.pipeline(),
            resume ? Map.of("resume", folder.toString()) : withOutput.overrides());
        if (status != 0) {
          throw new IOException(String.format(Locale.ROOT, "table: run %d/%d (%s %s seed %d, %s) failed with exit "
              + "status %d; start the table again with output=%s to go on from it", i + 1, jobs.size(),
              job.method(), job.generator(), job.seed(), folder, status, table));
        }
        fresh++;
      }
      results.add(read(job));
    }
    write(table, results);
  }

  /** The matrix, in the order it runs. */
  List<Job> jobs(Path table) {
    List<String> methods = list("table.methods");
    List<String> generators = list("table.generators");
    List<Long> seeds = new ArrayList<>();
    for (String s : list("table.seeds")) {
      try {
        seeds.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("table.seeds=" + preset.get("table.seeds") + ": '" + s
            + "' is not an integer");
      }
    }
    List<Job> jobs = new ArrayList<>();
    for (long seed : seeds) {
      for (String method : methods) {
        if (method.equals("lth") || method.equals("eb")) {
          jobs.add(new Job(method, "magnitude", seed, method, Map.of("seed", Long.toString(seed)),
              table.resolve("runs").resolve(method + "-s" + seed).toString()));
          continue;
        }
        for (String g : generators) {
          Map<String, String> exact = new LinkedHashMap<>();
          exact.put("seed", Long.toString(seed));
          exact.put("generator", g);
          if (method.equals("pai") || method.equals("pags")) {
            exact.put("pretrain.iterations", "0");
            // pai is the pags run's baseline: both read the same folder, which runs once.
            jobs.add(new Job(method, g, seed, "pags", exact, table.resolve("runs")
                .resolve("pags-" + g + "-s" + seed).toString()));
          } else if (method.startsWith("pegs@")) {
            String k = method.substring("pegs@".length());
            try {
              Integer.parseInt(k);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("table.methods: '" + method + "' needs an iteration count, "
                  + "as pegs@100");
            }
            exact.put("pretrain.iterations", k);
            jobs.add(new Job(method, g, seed, "pegs", exact, table.resolve("runs")
                .resolve("pegs" + k + "-" + g + "-s" + seed).toString()));
          } else {
            throw new IllegalArgumentException("table.methods: '" + method
                + "' is not one of pai, pags, pegs@K, lth, eb");
          }
        }
      }
    }
    return jobs;
  }

  private List<String> list(String key) {
    List<String> out = new ArrayList<>();
    for (String s : preset.get(key).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(key + " is empty");
    }
    return out;
  }

  static Result read(Job job) throws IOException {
    Path folder = Paths.get(job.folder());
    String json = Files.readString(folder.resolve("results.json"));
    Map<String, Double> acc = new LinkedHashMap<>();
    Matcher m = ACCURACY.matcher(json);
    while (m.find()) {
      acc.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    String label = switch (job.method()) {
      case "pai" -> "baseline";
      case "lth", "eb" -> job.method();
      default -> "selected";
    };
    Double accuracy = acc.get(label);
    if (accuracy == null) {
      throw new IllegalArgumentException(folder.resolve("results.json") + ": no accuracy for '" + label + "'");
    }
    double baseline = acc.getOrDefault("baseline", Double.NaN);
    long iterations = 0;
    long draws = 0;
    Path mask;
    Properties used = new Properties();
    try (java.io.Reader r = Files.newBufferedReader(folder.resolve("preset.properties"))) {
      used.load(r);
    }
    if (job.method().equals("lth") || job.method().equals("eb")) {
      Matcher s = SEARCH.matcher(Files.readString(folder.resolve("search.json")));
      iterations = s.find() ? Long.parseLong(s.group(1)) : 0;
      mask = folder.resolve("masks").resolve(job.method() + ".arrow");
    } else {
      iterations = Long.parseLong(job.exact().get("pretrain.iterations"));
      draws = job.method().equals("pai") ? 1 : Long.parseLong(used.getProperty("samples")) + 1;
      mask = job.method().equals("pai") ? folder.resolve("masks").resolve("baseline.arrow")
          : folder.resolve("best.arrow");
    }
    io.fullspectrum.schemas.MaskSet masks = MaskSetArrow.readFile(mask);
    List<byte[]> layers = new ArrayList<>();
    masks.layers().forEach(l -> layers.add(l.mask()));
    double effective = io.fullspectrum.masks.Connectivity.of(used.getProperty("architecture"),
        Integer.parseInt(used.getProperty("classes").trim())).effective(layers).effectiveSparsity();
    return new Result(job, baseline, accuracy, iterations, draws, masks.achievedSparsity(), effective);
  }

  /** Writes {@code table.csv} (every run) and {@code table.md} (the paper's form). */
  static void write(Path table, List<Result> results) throws IOException {
    StringBuilder csv = new StringBuilder(
        "method,generator,seed,baseline_accuracy,accuracy,training_iterations,draws,achieved_sparsity,"
            + "effective_sparsity,run\n");
    for (Result r : results) {
      csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%d,%d,%s,%s,%s%n", r.job().method(),
          r.job().generator(), r.job().seed(), r.baseline(), r.accuracy(), r.iterations(), r.draws(), r.sparsity(),
          r.effectiveSparsity(), table.relativize(Paths.get(r.job().folder()))));
    }
    AtomicFiles.writeString(table.resolve("table.csv"), csv.toString());
    Map<String, List<Result>> cells = new LinkedHashMap<>();
    for (Result r : results) {
      cells.computeIfAbsent(r.job().generator() + "|" + r.job().method(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder md = new StringBuilder("| generator | method | baseline acc | best acc | avg ± std | "
        + "training iterations | draws | sparsity | effective sparsity | seeds |\n"
        + "|---|---|---|---|---|---|---|---|---|---|\n");
    for (List<Result> cell : cells.values()) {
      Result first = cell.get(0);
      double[] acc = cell.stream().mapToDouble(Result::accuracy).toArray();
      double[] base = cell.stream().mapToDouble(Result::baseline).filter(Double::isFinite).toArray();
      double mean = java.util.Arrays.stream(acc).average().orElse(Double.NaN);
      double sd = Math.sqrt(java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum()
          / Math.max(1, acc.length - 1));
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f ± %.2f | %d | %d | %.4f | %.4f | %d |%n",
          first.job().generator(), first.job().method(),
          base.length == 0 ? "—" : String.format(Locale.ROOT, "%.2f",
              100 * java.util.Arrays.stream(base).average().orElse(Double.NaN)),
          100 * java.util.Arrays.stream(acc).max().orElse(Double.NaN), 100 * mean, 100 * sd,
          first.iterations(), first.draws(), cell.stream().mapToDouble(Result::sparsity).average().orElse(0),
          cell.stream().mapToDouble(Result::effectiveSparsity).average().orElse(0), cell.size()));
    }
    md.append("\nAccuracies in %, on the held-out split, after fine-tuning. Baseline: the generator's own mask in "
        + "the same setting (for PEGS, on the same pre-trained weights); best and avg ± std (sample std) over "
        + "seeds. Training iterations: steps spent before fine-tuning (pre-training or the search). Effective "
        + "sparsity: the share of weights on no input-to-output path (1.0: a disconnected mask).\n");
    AtomicFiles.writeString(table.resolve("table.md"), md.toString());
  }
}
