package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fullspectrum.runs.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM running {@code pegs} with SIGKILL in each phase of its run (pre-training, drawing and
 * writing draws, fine-tuning, the last epoch), recognised from the files the run writes, and resumes it: the
 * resumed run must say what it reused (draws, epoch checkpoints) and end with the uninterrupted run's masks and
 * fine-tuned weights, byte for byte.
 */
@Tag("slow")
class ResumeAfterKillTest {
  private static final List<String> SETTINGS = List.of("pipeline=pegs", "data=synthetic",
      "data.synthetic.size=1024", "samples=40", "save.every=10", "pretrain.iterations=30",
      "pretrain.batch.size=16", "finetune.epochs=3", "finetune.batch.size=32", "score.batches=2",
      "score.batch.size=16", "sparsity=0.95", "seed=11");
  private static final List<String> OUTPUTS = List.of("best.arrow", "masks/baseline.arrow", "masks/best-20.arrow",
      "finetuned-selected.arrow", "finetuned-baseline.arrow", "samples.csv");

  @TempDir static Path dir;
  static Path reference;
  static long referenceMillis;

  /** A child JVM and the file its output goes to. */
  private record Child(Process process, Path log) {}

  /** A phase of the run, recognised from the files the run folder holds while the child runs. */
  private interface Phase {
    boolean reached(Path out) throws IOException;
  }

  private static Child start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    Path log = dir.resolve("log-" + System.nanoTime() + ".txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Child(p, log);
  }

  private static List<String> fresh(Path out) {
    List<String> args = new ArrayList<>(SETTINGS);
    args.add("output=" + out);
    return args;
  }

  private static String runToEnd(List<String> args) throws Exception {
    Child c = start(args);
    assertThat("child exit status", c.process().waitFor(), equalTo(0));
    return Files.readString(c.log());
  }

  @BeforeAll
  static void uninterrupted() throws Exception {
    reference = dir.resolve("reference");
    long t0 = System.nanoTime();
    runToEnd(fresh(reference));
    referenceMillis = (System.nanoTime() - t0) / 1_000_000;
  }

  private static long count(Path folder, String suffix) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (var files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)
          && !f.getFileName().toString().startsWith(".")).count();
    }
  }

  private static long curveEpochs(Path out) throws IOException {
    Path checkpoints = out.resolve("checkpoints");
    long most = 0;
    if (Files.isDirectory(checkpoints)) {
      try (var files = Files.list(checkpoints)) {
        for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".curve")).toList()) {
          try {
            most = Math.max(most, Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count());
          } catch (IOException e) {
            // renamed away under us: look again on the next poll
          }
        }
      }
    }
    return most;
  }

  /**
   * Starts a fresh run, polls its folder until {@code phase} is reached, and kills it there with SIGKILL; fails if
   * the child ends first or the phase never comes. Returns the killed run's folder.
   */
  private Path killIn(String name, Phase phase) throws Exception {
    Path out = dir.resolve("killed-" + name);
    Child c = start(fresh(out));
    long deadline = System.nanoTime() + Math.max(60_000, 3 * referenceMillis) * 1_000_000L;
    while (!phase.reached(out)) {
      assertThat(name + ": the child ended before the phase was reached", c.process().isAlive(), equalTo(true));
      assertThat(name + ": the phase never came", System.nanoTime() < deadline, equalTo(true));
      Thread.sleep(5);
    }
    c.process().destroyForcibly().waitFor();
    return out;
  }

  private static void assertSameAsReference(Path out) throws IOException {
    for (String file : OUTPUTS) {
      assertThat(out + " " + file, Files.readAllBytes(out.resolve(file)),
          equalTo(Files.readAllBytes(reference.resolve(file))));
    }
    assertThat(Files.readString(out.resolve("results.json")), equalTo(Files.readString(reference.resolve(
        "results.json"))));
  }

  private static final Phase PRE_TRAINING = out -> Files.exists(out.resolve(RunState.RUN))
      && !Files.exists(out.resolve("network")) && !Files.exists(out.resolve("draws"));
  private static final Phase DRAWING = out -> count(out.resolve("draws"), ".csv") >= 5;
  // An epoch checkpoint on disk (written after the epoch's curve line, so a curve alone is not yet resumable).
  private static final Phase FINE_TUNING = out -> count(out.resolve("checkpoints"), ".zip") >= 1;
  private static final Phase LAST_EPOCH = out -> curveEpochs(out) >= 3;

  @Test
  void killedWhilePreTrainingItResumesToTheSameResult() throws Exception {
    Path out = killIn("pretrain", PRE_TRAINING);
    String log = runToEnd(List.of("resume=" + out));
    // Killed before the network was saved and before any draw (a kill a few ms late would show here).
    assertThat(log, containsString("network not saved yet, 0 of 41 draws done"));
    assertSameAsReference(out);
  }

  @Test
  void killedWhileDrawingItResumesToTheSameResultReusingTheDrawsItSaved() throws Exception {
    Path out = killIn("drawing", DRAWING);
    long saved = count(out.resolve("draws"), ".csv");
    assertThat("killed while drawing", saved < 41, equalTo(true));
    String log = runToEnd(List.of("resume=" + out));
    // The network may or may not have been saved yet (its writer runs beside the first draws): the draws count.
    assertThat(log, containsString(", " + saved + " of 41 draws done"));
    assertSameAsReference(out);
  }

  @Test
  void killedMidWriteWhileDrawingItResumesToTheSameResult() throws Exception {
    Path out = killIn("torn", DRAWING);
    // What a kill in the middle of writes can leave: a temporary file cut short, and (from a disk that lied) a
    // draw file cut short under its final name. The first is ignored, the second drawn again.
    Path draws = out.resolve("draws");
    Files.writeString(draws.resolve(".5.csv12345.tmp"), "# sample=5 sparsity=0.95 layers=4\nconv1,0.1");
    long saved = count(draws, ".csv");
    try (var files = Files.list(draws)) {
      Path victim = files.filter(f -> f.getFileName().toString().endsWith(".csv")
          && !f.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(victim);
      Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
    String log = runToEnd(List.of("resume=" + out));
    assertThat("the torn draw is not reused", log, containsString(", " + (saved - 1) + " of 41 draws done"));
    assertSameAsReference(out);
  }

  @Test
  void killedWhileFineTuningItResumesFromTheEpochCheckpoint() throws Exception {
    Path out = killIn("finetune", FINE_TUNING);
    String log = runToEnd(List.of("resume=" + out));
    assertThat(log, containsString("network saved, 41 of 41 draws done"));
    assertThat(log, containsString("fine-tune resumes at epoch"));
    assertSameAsReference(out);
  }

  @Test
  void killedInTheLastEpochItResumesToTheSameResult() throws Exception {
    Path out = killIn("end", LAST_EPOCH);
    String log = runToEnd(List.of("resume=" + out));
    assertThat(log, containsString("fine-tune resumes at epoch"));
    assertSameAsReference(out);
  }

  @Test
  void aSecondRunOnTheSameFolderRefusesInOneLineWhileTheFirstRuns() throws Exception {
    Path out = dir.resolve("twice");
    Child first = start(fresh(out));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(out.resolve(RunState.RUN)) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat("the first run is running", first.process().isAlive(), equalTo(true));
    Child second = start(List.of("resume=" + out));
    int status = second.process().waitFor();
    boolean firstStillRunning = first.process().isAlive();
    first.process().destroyForcibly().waitFor();
    assertThat("the first run was still running when the second ended", firstStillRunning, equalTo(true));
    assertThat(status, equalTo(2));
    assertThat(Files.readString(second.log()).trim(), equalTo("fullspectrum: error: " + out + ": another run is "
        + "writing to this folder right now; wait for it to end (or resume it after) or choose another output"));
  }

  @Test
  void aResumeRefusesAChangedPreset() throws Exception {
    Path out = dir.resolve("tampered");
    runToEnd(fresh(out));
    Files.writeString(out.resolve("preset.properties"), "sparsity=0.5\n", java.nio.file.StandardOpenOption.APPEND);
    Child c = start(List.of("resume=" + out));
    assertThat(c.process().waitFor(), equalTo(2));
    String log = Files.readString(c.log());
    assertThat(log.trim(), equalTo("fullspectrum: error: " + out.resolve("preset.properties")
        + ": checksum mismatch (changed since the run wrote it); cannot resume"));
  }
}
