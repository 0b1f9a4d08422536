package io.fullspectrum.cli;

import io.fullspectrum.config.Preset;
import io.fullspectrum.config.TableConfig;
import io.fullspectrum.runners.ForkedJvm;
import io.fullspectrum.runs.PaperColumns;
import io.fullspectrum.runs.ResultRow;
import io.fullspectrum.runs.RunFolder;
import io.fullspectrum.runs.RunState;
import io.fullspectrum.schemas.AtomicFiles;
import io.fullspectrum.schemas.Csv;
import io.fullspectrum.schemas.JsonFiles;
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

/**
 * {@code kind=table}: runs a preset matrix (generators x {pai, pags, pegs@K} plus lth and eb, over seeds), one run
 * folder each under {@code runs/}, and writes the paper-style table: per generator and method the baseline
 * accuracy (the generator's own mask in the same setting), the best and the mean ± std over seeds, and the
 * training cost. Finished runs are kept, so a stopped table goes on where it stopped when started again with the
 * same output.
 */
final class TableCommand {

  private final Preset preset;
  private final PrintStream out;

  TableCommand(Preset preset, PrintStream out) {
    this.preset = preset;
    this.out = out;
  }

  /** One cell of the matrix: which preset it runs, with which overrides, into which folder. */
  record Job(String method, String generator, long seed, String pipeline, Map<String, String> exact, String folder) {}

  /**
   * One finished job's figures: its baseline's row (null for lth and eb), the rows of the masks the method
   * fine-tuned (pai: the baseline; pags/pegs: every saved selection fine-tuned; lth/eb: the ticket), and the
   * training spent before fine-tuning.
   */
  record Result(Job job, ResultRow baseline, List<ResultRow> masks, long iterations, long draws, double sparsity,
      double effectiveSparsity) {}

  void run() throws IOException {
    TableConfig config = TableConfig.from(preset);
    Path table = config.output().isEmpty() ? RunFolder.fresh(preset.pipeline()) : Paths.get(config.output());
    List<Job> jobs = jobs(config, table);
    Files.createDirectories(table);
    Map<String, String> shared = new LinkedHashMap<>(preset.values());
    out.printf(Locale.ROOT, "%s: %d runs into %s%n", preset.pipeline(), jobs.size(), table);
    long started = System.nanoTime();
    int fresh = 0;
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Path folder = Paths.get(job.folder());
      if (!Files.isRegularFile(folder.resolve("results.csv"))) {
        double secs = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "table: run %d/%d: %s %s seed %d%s%n", i + 1, jobs.size(), job.method(),
            job.generator(), job.seed(), fresh == 0 ? "" : String.format(Locale.ROOT, " (eta %.0f s)",
                secs / fresh * (jobs.size() - i)));
        Map<String, String> exact = new LinkedHashMap<>(job.exact());
        Preset sub = Preset.load(job.pipeline(), List.of("runner=" + config.runner()), Map.of())
            .derive(shared, exact);
        boolean resume = Files.isRegularFile(folder.resolve(RunState.RUN));
        Preset withOutput = sub.derive(Map.of(), Map.of("output", folder.toString()));
        // Each cell runs in a JVM of its own: native memory a run leaves behind cannot pile up over dozens of
        // runs, and a crashed cell leaves the finished ones intact for the next start.
        out.flush();
        int status = ForkedJvm.run(Main.class.getName(), job.pipeline(),
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
  static List<Job> jobs(TableConfig config, Path table) {
    List<Job> jobs = new ArrayList<>();
    for (long seed : config.seeds()) {
      for (String method : config.methods()) {
        if (method.equals("lth") || method.equals("eb")) {
          jobs.add(new Job(method, "magnitude", seed, method, Map.of("seed", Long.toString(seed)),
              table.resolve("runs").resolve(method + "-s" + seed).toString()));
          continue;
        }
        for (String g : config.generators()) {
          Map<String, String> exact = new LinkedHashMap<>();
          exact.put("seed", Long.toString(seed));
          exact.put("generator", g);
          if (method.equals("pai") || method.equals("pags")) {
            exact.put("pretrain.iterations", "0");
            // pai is the pags run's baseline: both read the same folder, which runs once.
            jobs.add(new Job(method, g, seed, "pags", exact, table.resolve("runs")
                .resolve("pags-" + g + "-s" + seed).toString()));
          } else {
            String k = method.substring("pegs@".length());
            exact.put("pretrain.iterations", k);
            // The same seed's dense pre-training serves every generator: trained once, then read back.
            exact.put("pretrain.cache", table.resolve("pretrained").toString());
            jobs.add(new Job(method, g, seed, "pegs", exact, table.resolve("runs")
                .resolve("pegs" + k + "-" + g + "-s" + seed).toString()));
          }
        }
      }
    }
    return jobs;
  }

  static Result read(Job job) throws IOException {
    Path folder = Paths.get(job.folder());
    Path file = folder.resolve("results.csv");
    List<ResultRow> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (!line.isBlank()) {
        rows.add(ResultRow.parse(file.toString(), line));
      }
    }
    ResultRow baseline = rows.stream().filter(r -> r.mask().equals("baseline")).findFirst().orElse(null);
    List<ResultRow> masks = switch (job.method()) {
      case "pai" -> baseline == null ? List.of() : List.of(baseline);
      case "lth", "eb" -> rows.stream().filter(r -> r.mask().equals(job.method())).toList();
      default -> rows.stream().filter(r -> !r.mask().equals("baseline")).toList();
    };
    if (masks.isEmpty()) {
      throw new IllegalArgumentException(file + ": no fine-tuned mask for method " + job.method());
    }
    long iterations = 0;
    long draws = 0;
    Properties used = new Properties();
    try (java.io.Reader r = Files.newBufferedReader(folder.resolve("preset.properties"))) {
      used.load(r);
    }
    double sparsity = masks.stream().mapToDouble(ResultRow::achievedSparsity).average().orElse(Double.NaN);
    double effective = masks.stream().mapToDouble(ResultRow::effectiveSparsity).average().orElse(Double.NaN);
    if (job.method().equals("lth") || job.method().equals("eb")) {
      Path searchFile = folder.resolve("search.json");
      com.fasterxml.jackson.databind.JsonNode cost = JsonFiles.read(searchFile).get("search_iterations");
      if (cost == null || !cost.canConvertToLong()) {
        throw new IOException(searchFile + ": no search_iterations");
      }
      iterations = cost.asLong();
      io.fullspectrum.schemas.MaskSet set = MaskSetArrow.readFile(folder.resolve("masks").resolve(job.method()
          + ".arrow"));
      List<byte[]> layers = new ArrayList<>();
      set.layers().forEach(l -> layers.add(l.mask()));
      sparsity = set.achievedSparsity();
      effective = io.fullspectrum.search.Connectivity.of(used.getProperty("architecture"),
          Integer.parseInt(used.getProperty("classes").trim())).effective(layers).effectiveSparsity();
    } else {
      iterations = Long.parseLong(job.exact().get("pretrain.iterations"));
      draws = job.method().equals("pai") ? 1 : Long.parseLong(used.getProperty("samples")) + 1;
    }
    return new Result(job, job.method().equals("pai") || job.method().equals("lth")
        || job.method().equals("eb") ? null : baseline, masks, iterations, draws, sparsity, effective);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", 100 * v);
  }

  /** Writes {@code table.csv} (every fine-tuned mask of every run) and {@code table.md} (the paper's form). */
  static void write(Path table, List<Result> results) throws IOException {
    Csv csv = Csv.withHeader("method", "generator", "seed", "mask", "draws_seen",
        "baseline_test_accuracy_at_chosen", "baseline_best_test_accuracy", "test_accuracy_at_chosen",
        "best_test_accuracy_paper_style", "chosen_epoch", "best_test_epoch", "training_iterations",
        "achieved_sparsity", "effective_sparsity", "distance", "run");
    for (Result r : results) {
      for (ResultRow m : r.masks()) {
        csv.row(r.job().method(), r.job().generator(), r.job().seed(), m.mask(), m.draws(),
            r.baseline() == null ? Double.NaN : r.baseline().testAccuracy(),
            r.baseline() == null ? Double.NaN : r.baseline().bestTestAccuracy(), m.testAccuracy(),
            m.bestTestAccuracy(), m.chosenEpoch(), m.bestTestEpoch(), r.iterations(), m.achievedSparsity(),
            m.effectiveSparsity(), m.distance(), table.relativize(Paths.get(r.job().folder())));
      }
    }
    csv.write(table.resolve("table.csv"));
    Map<String, List<Result>> cells = new LinkedHashMap<>();
    for (Result r : results) {
      cells.computeIfAbsent(r.job().generator() + "|" + r.job().method(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder md = new StringBuilder("Columns comparable with the paper's Tables 1-3: **paper-style Best / Avg** "
        + "and **paper-style baseline** (each mask at its best test epoch; Best and Avg over the masks that beat "
        + "their seed's baseline, as the authors' code reports). They read the test split to pick, so they are "
        + "optimistic. **Ours**: each mask at the epoch a validation split (held out from the training set) picks, "
        + "mean ± sample std over every fine-tuned mask and seed; the test split only reports.\n\n"
        + "| generator | method | paper-style baseline | paper-style Best | paper-style Avg | beat baseline | "
        + "our baseline | ours: mean ± std | training iterations | draws | sparsity | effective sparsity | "
        + "seeds |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (List<Result> cell : cells.values()) {
      Result first = cell.get(0);
      List<PaperColumns.Seed> seeds = new ArrayList<>();
      List<Double> ours = new ArrayList<>();
      List<Double> paperBase = new ArrayList<>();
      List<Double> ourBase = new ArrayList<>();
      for (Result r : cell) {
        double base = r.baseline() == null ? Double.NaN : r.baseline().bestTestAccuracy();
        seeds.add(new PaperColumns.Seed(base, r.masks().stream().map(ResultRow::bestTestAccuracy).toList()));
        r.masks().forEach(m -> ours.add(m.testAccuracy()));
        if (r.baseline() != null) {
          paperBase.add(base);
          ourBase.add(r.baseline().testAccuracy());
        } else if (first.job().method().equals("pai")) {
          paperBase.add(r.masks().get(0).bestTestAccuracy());
          ourBase.add(r.masks().get(0).testAccuracy());
        }
      }
      PaperColumns paper = PaperColumns.of(seeds);
      double mean = ours.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double sd = Math.sqrt(ours.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum()
          / Math.max(1, ours.size() - 1));
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d/%d | %s | %s ± %s | %d | %d | %.4f | %.4f "
              + "| %d |%n", first.job().generator(), first.job().method(),
          pct(paperBase.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)), pct(paper.best()),
          pct(paper.average()), paper.winners(), paper.masks(),
          pct(ourBase.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)), pct(mean), pct(sd),
          first.iterations(), first.draws(),
          cell.stream().mapToDouble(Result::sparsity).average().orElse(0),
          cell.stream().mapToDouble(Result::effectiveSparsity).average().orElse(0), cell.size()));
    }
    md.append("\nAccuracies in %, after fine-tuning. Baseline: the generator's own mask in the same setting (for "
        + "PEGS, on the same pre-trained weights); for pai the baseline is the row itself. Beat baseline: masks "
        + "whose best test accuracy is above their seed's baseline, of all fine-tuned masks (every saved selection "
        + "with finetune.selections=all). Training iterations: steps spent before fine-tuning (pre-training or "
        + "the search). Effective sparsity: the share of weights on no input-to-output path (1.0: a disconnected "
        + "mask).\n");
    AtomicFiles.writeString(table.resolve("table.md"), md.toString());
  }
}
