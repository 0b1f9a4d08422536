package io.fullspectrum.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullspectrum.pipelines.Main;
import io.fullspectrum.testing.FlinkCluster;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Fan-out throughput on a real Flink session cluster with 1 and with 2 TaskManagers (one slot each): masks drawn
 * and scored per second, from the Draw vertex's start to the Score vertex's end in Flink's own job record, and
 * their ratio. Args: draws per run (default 120), sparsity (0.98). Run by bench/flink-throughput.sh.
 */
public final class FlinkThroughputBench {
  private FlinkThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int draws = args.length > 0 ? Integer.parseInt(args[0]) : 120;
    String sparsity = args.length > 1 ? args[1] : "0.98";
    double[] rate = new double[3];
    for (int tms = 1; tms <= 2; tms++) {
      Path work = Paths.get("target", "flink-bench");
      try (FlinkCluster cluster = FlinkCluster.start(work, tms, 1, 18281, 16323)) {
        Path out = Paths.get("target", "flink-bench-runs", "tm" + tms + "-" + System.currentTimeMillis());
        Main.run("pipeline=pags", "runner=flink-cluster", "flinkMaster=" + cluster.master(), "parallelism=0",
            "data=synthetic", "data.synthetic.size=1024", "generator=snip", "sparsity=" + sparsity,
            "samples=" + draws, "save.every=" + draws, "score.batches=4", "score.batch.size=128",
            "finetune.epochs=0", "output=" + out);
        String job = cluster.latestJob();
        JsonNode draw = cluster.vertex(job, "GenerateMasks/Draw");
        JsonNode score = cluster.vertex(job, "ScoreSpectrum/Score");
        double seconds = (score.get("end-time").asLong() - draw.get("start-time").asLong()) / 1e3;
        rate[tms] = (draws + 1) / seconds;
        System.out.printf(Locale.ROOT, "%d TaskManager(s) x 1 slot, parallelism %d: %d masks drawn and scored in "
            + "%.1f s = %.2f masks/s (job %s)%n", tms, draw.get("parallelism").asInt(), draws + 1, seconds,
            rate[tms], job);
      }
    }
    System.out.printf(Locale.ROOT, "ratio 2 TMs / 1 TM: %.2fx (fmnist-cnn, SNIP at sparsity %s, %d cores)%n",
        rate[2] / rate[1], sparsity, Runtime.getRuntime().availableProcessors());
  }
}
