package io.fullspectrum.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullspectrum.cli.Main;
import io.fullspectrum.testing.FlinkCluster;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Fan-out throughput on a real Flink session cluster: masks drawn and scored per second, from the Draw vertex's
 * start to the Score vertex's end in Flink's own job record, for one TaskManager with PyTorch on every core, one
 * TaskManager with one PyTorch thread, and two TaskManagers with one thread each (one slot each); then the ratios
 * of the two-TaskManager run to each. Args: draws per run (default 120), sparsity (0.98). Run by
 * bench/flink-throughput.sh.
 */
public final class FlinkThroughputBench {
  private FlinkThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int draws = args.length > 0 ? Integer.parseInt(args[0]) : 120;
    String sparsity = args.length > 1 ? args[1] : "0.98";
    int cores = Runtime.getRuntime().availableProcessors();
    double allCores = run(1, cores, draws, sparsity);
    double oneThread = run(1, 1, draws, sparsity);
    double two = run(2, 1, draws, sparsity);
    System.out.printf(Locale.ROOT, "ratio 2 TMs (1 thread each) / 1 TM (%d threads): %.2fx; / 1 TM (1 thread): "
        + "%.2fx (fmnist-cnn, SNIP at sparsity %s, %d cores)%n", cores, two / allCores, two / oneThread, sparsity,
        cores);
  }

  private static double run(int taskManagers, int threads, int draws, String sparsity) throws Exception {
    Path work = Paths.get("target", "flink-bench");
    try (FlinkCluster cluster = FlinkCluster.start(work, taskManagers, 1, 18281, 16323, threads)) {
      Path out = Paths.get("target", "flink-bench-runs",
          "tm" + taskManagers + "-t" + threads + "-" + System.currentTimeMillis());
      Main.run("pipeline=pags", "runner=flink-cluster", "flinkMaster=" + cluster.master(), "parallelism=0",
          "data=synthetic", "data.synthetic.size=1024", "generator=snip", "sparsity=" + sparsity,
          "samples=" + draws, "save.every=" + draws, "score.batches=4", "score.batch.size=128",
          "finetune.epochs=0", "output=" + out);
      String job = cluster.latestJob();
      JsonNode draw = cluster.vertex(job, "GenerateMasks/Draw");
      JsonNode score = cluster.vertex(job, "ScoreSpectrum/Score");
      double seconds = (score.get("end-time").asLong() - draw.get("start-time").asLong()) / 1e3;
      double rate = (draws + 1) / seconds;
      System.out.printf(Locale.ROOT, "%d TaskManager(s) x 1 slot, %d PyTorch thread(s) each, parallelism %d: %d "
          + "masks drawn and scored in %.1f s = %.2f masks/s (job %s)%n", taskManagers, threads,
          draw.get("parallelism").asInt(), draws + 1, seconds, rate, job);
      return rate;
    }
  }
}
