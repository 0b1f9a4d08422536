package io.fullspectrum.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Flink session cluster for tests and benchmarks, started and stopped with the project's own
 * {@code infra/flink} scripts in a work folder of its own, with a REST client for what the tests check.
 */
public final class FlinkCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path work;
  private final int restPort;
  private String[] startArgs = new String[0];
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FlinkCluster(Path work, int restPort) {
    this.work = work;
    this.restPort = restPort;
  }

  /** Starts {@code taskManagers} TaskManagers of {@code slots} slots each; fails with the script's output. */
  public static FlinkCluster start(Path work, int taskManagers, int slots, int restPort, int rpcPort)
      throws IOException, InterruptedException {
    return start(work, taskManagers, slots, restPort, rpcPort, 0);
  }

  /** As above, with {@code torchThreads} PyTorch threads per TaskManager (0: the script's default). */
  public static FlinkCluster start(Path work, int taskManagers, int slots, int restPort, int rpcPort,
      int torchThreads) throws IOException, InterruptedException {
    FlinkCluster cluster = new FlinkCluster(work, restPort);
    cluster.startArgs = new String[] {"--taskmanagers", Integer.toString(taskManagers), "--slots",
        Integer.toString(slots), "--rest-port", Integer.toString(restPort), "--rpc-port", Integer.toString(rpcPort),
        "--torch-threads", Integer.toString(torchThreads)};
    cluster.script("start-cluster.sh", cluster.startArgs);
    return cluster;
  }

  public String master() {
    return "127.0.0.1:" + restPort;
  }

  private String script(String name, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", Paths.get("infra", "flink", name).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("FS_FLINK_WORK", work.toAbsolutePath().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(name + " failed:\n" + out);
    }
    return out;
  }

  /** GETs a REST path ({@code /jobs/overview}) as JSON. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + master() + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The most recently started job's id, or null before any. */
  public String latestJob() throws IOException, InterruptedException {
    String id = null;
    long start = Long.MIN_VALUE;
    for (JsonNode job : get("/jobs/overview").get("jobs")) {
      if (job.get("start-time").asLong() > start) {
        start = job.get("start-time").asLong();
        id = job.get("jid").asText();
      }
    }
    return id;
  }

  /** The job's vertex whose name contains {@code part}, or null. */
  public JsonNode vertex(String job, String part) throws IOException, InterruptedException {
    for (JsonNode v : get("/jobs/" + job).get("vertices")) {
      if (v.get("name").asText().contains(part)) {
        return v;
      }
    }
    return null;
  }

  /** Kills TaskManager {@code i} (1-based) with SIGKILL, as a crashed machine would go; returns its pid. */
  public long killTaskManager(int i) throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(work.resolve("pids").resolve("taskmanager-" + i + ".pid")).trim());
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -9 " + pid + " failed");
    }
    return pid;
  }

  /** Kills the JobManager with SIGKILL (a lost master: its jobs and their state go with it); returns its pid. */
  public long killJobManager() throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(work.resolve("pids").resolve("jobmanager.pid")).trim());
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -9 " + pid + " failed");
    }
    return pid;
  }

  /** Stops whatever is left of the cluster and starts it again as it was first started (same ports, same size). */
  public void restart() throws IOException, InterruptedException {
    script("stop-cluster.sh");
    script("start-cluster.sh", startArgs);
  }

  @Override
  public void close() throws IOException {
    try {
      script("stop-cluster.sh");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the cluster", e);
    }
  }
}
