package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullspectrum.config.Preset;
import io.fullspectrum.testing.FlinkCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink session cluster (one JobManager, two TaskManagers, separate JVMs) started by infra/flink: a pags job
 * submitted to it selects the same best mask as the DirectRunner, also when a TaskManager is killed (SIGKILL)
 * while the fan-out runs. Needs the job jar, so it runs after package, in the e2e profile.
 */
class FlinkClusterIT {
  private static final List<String> TINY = List.of("data=synthetic", "data.synthetic.size=256", "samples=60",
      "save.every=20", "generator=snip", "score.batches=2", "score.batch.size=16", "finetune.epochs=1",
      "finetune.batch.size=32", "sparsity=0.95", "seed=13");
  private static final List<String> COMPARED = List.of("best.arrow", "masks/baseline.arrow", "masks/best-20.arrow",
      "samples.csv", "distance.csv", "finetuned-selected.arrow", "results.json");
  /** TINY with more draws, for the kill tests: the drawing must outlast the time it takes to see it and kill. */
  private static final List<String> LONG = TINY.stream().map(a -> a.startsWith("samples=") ? "samples=400"
      : a.startsWith("save.every=") ? "save.every=100" : a).toList();
  private static final List<String> COMPARED_LONG = List.of("best.arrow", "masks/baseline.arrow",
      "masks/best-100.arrow", "samples.csv", "distance.csv", "finetuned-selected.arrow", "results.json");

  @TempDir static Path dir;
  static FlinkCluster cluster;
  static Path direct;
  private static Path longDirect;

  private static Path run(String name, String... runner) throws IOException {
    return run(TINY, name, runner);
  }

  private static Path run(List<String> settings, String name, String... runner) throws IOException {
    List<String> args = new ArrayList<>(settings);
    args.addAll(List.of(runner));
    args.add("output=" + dir.resolve(name));
    return new PagsCommand(Preset.load("pags", args, Map.of()), new PrintStream(OutputStream.nullOutputStream()))
        .run();
  }

  @BeforeAll
  static void startClusterAndRunTheReference() throws Exception {
    direct = run("direct", "runner=direct");
    // PyTorch with as many threads as this JVM's: its float reductions, and so the fine-tuned weights, depend on the
    // thread count, and the outputs are compared byte for byte with the DirectRunner's.
    cluster = FlinkCluster.start(Paths.get("target", "flink-it"), 2, 2, 18181, 16223,
        Runtime.getRuntime().availableProcessors());
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String[] onCluster() {
    // Parallelism 2 of 4 slots: after losing a TaskManager, the other's two slots can run the restarted job.
    return new String[] {"runner=flink-cluster", "flinkMaster=" + cluster.master(), "parallelism=2",
        "jobJar=target/fullspectrum-job.jar"};
  }

  private static void assertSameOutputs(Path run) throws IOException {
    assertSameOutputs(run, direct, COMPARED);
  }

  private static void assertSameOutputs(Path run, Path reference, List<String> files) throws IOException {
    for (String file : files) {
      assertThat(run + " " + file, Files.readAllBytes(run.resolve(file)),
          equalTo(Files.readAllBytes(reference.resolve(file))));
    }
  }

  /** The DirectRunner's outputs for LONG, made once for both kill tests. */
  private static synchronized Path longReference() throws IOException {
    if (longDirect == null) {
      longDirect = run(LONG, "long-direct", "runner=direct");
    }
    return longDirect;
  }

  @Test
  void aJobOnTheClusterSelectsTheSameMasksAsTheDirectRunner() throws Exception {
    assertSameOutputs(run("cluster", onCluster()));
  }

  @Test
  void killingATaskManagerMidFanOutStillEndsWithTheSameBestMask() throws Exception {
    Path reference = longReference();
    String before = cluster.latestJob();
    CompletableFuture<Path> job = CompletableFuture.supplyAsync(() -> {
      try {
        return run(LONG, "killed", onCluster());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    // Wait until this job's fan-out (the Draw vertex) is running on both TaskManagers, then kill one.
    String id = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      String latest = cluster.latestJob();
      if (latest != null && !latest.equals(before)) {
        JsonNode draw = cluster.vertex(latest, "GenerateMasks/Draw");
        if (draw != null && draw.get("status").asText().equals("RUNNING")) {
          id = latest;
          break;
        }
      }
      Thread.sleep(100);
    }
    assertThat("the fan-out started", id != null, equalTo(true));
    // Then until its first draws have left it (Flink's write-records metric), so that the kill loses finished work.
    JsonNode draw = cluster.vertex(id, "GenerateMasks/Draw");
    while (draw.get("metrics").get("write-records").asLong() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
      draw = cluster.vertex(id, "GenerateMasks/Draw");
    }
    assertThat("draws left the fan-out before the kill", draw.get("metrics").get("write-records").asLong(),
        greaterThan(0L));
    assertThat("still in the fan-out when killed", draw.get("status").asText(), equalTo("RUNNING"));
    cluster.killTaskManager(1);
    Path killed = job.get(5, TimeUnit.MINUTES);
    assertSameOutputs(killed, reference, COMPARED_LONG);
    JsonNode exceptions = cluster.get("/jobs/" + id + "/exceptions").get("exceptionHistory").get("entries");
    assertThat("the job failed over at least once", exceptions.size(), greaterThan(0));
    assertThat(cluster.get("/jobs/" + id).get("state").asText(), equalTo("FINISHED"));
  }

  private static long drawsSaved(Path run) throws IOException {
    Path draws = run.resolve("draws");
    if (!Files.isDirectory(draws)) {
      return 0;
    }
    try (var files = Files.list(draws)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".csv")
          && !f.getFileName().toString().startsWith(".")).count();
    }
  }

  private static Process child(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
        .toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void losingTheJobManagerMidDrawThenResumingOnTheRestartedClusterEndsWithTheSameMasks() throws Exception {
    // LONG, so that the drawing outlasts the kill (TaskManagers go on drawing for a while after their master is
    // gone) and the restart finds it unfinished.
    Path expected = longReference();
    Path out = dir.resolve("lost-jobmanager");
    List<String> args = new ArrayList<>(List.of("pipeline=pags"));
    args.addAll(LONG);
    args.addAll(List.of(onCluster()));
    args.add("output=" + out);
    Process client = child(args, dir.resolve("lost-jobmanager-first.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (drawsSaved(out) < 5) {
      assertThat("the first submission is running", client.isAlive(), equalTo(true));
      assertThat("draws were saved in time", System.nanoTime() < deadline, equalTo(true));
      Thread.sleep(20);
    }
    cluster.killJobManager();
    // The client of a lost master is stranded; its user stops it (which releases the run folder's lock).
    client.destroyForcibly().waitFor();
    cluster.restart();
    long saved = drawsSaved(out);
    assertThat("killed while drawing (" + saved + " of 401 draws saved)", saved < 401, equalTo(true));
    Path log = dir.resolve("lost-jobmanager-resumed.log");
    Process resumed = child(List.of("resume=" + out), log);
    assertThat("resumed run's exit status", resumed.waitFor(), equalTo(0));
    assertThat(Files.readString(log), org.hamcrest.Matchers.containsString("network saved, " + saved
        + " of 401 draws done"));
    assertSameOutputs(out, expected, COMPARED_LONG);
  }
}
