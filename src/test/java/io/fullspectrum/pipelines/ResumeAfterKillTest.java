package io.fullspectrum.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM running {@code pegs} with SIGKILL at several points of its run (pre-training, drawing
 * and writing draws, fine-tuning) and resumes it; the resumed run must end with the uninterrupted run's masks and
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

  private static Process start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log-" + System.nanoTime() + ".txt").toFile()).start();
  }

  private static List<String> fresh(Path out) {
    List<String> args = new ArrayList<>(SETTINGS);
    args.add("output=" + out);
    return args;
  }

  private static void runToEnd(List<String> args) throws Exception {
    Process p = start(args);
    assertThat("child exit status", p.waitFor(), equalTo(0));
  }

  @BeforeAll
  static void uninterrupted() throws Exception {
    reference = dir.resolve("reference");
    long t0 = System.nanoTime();
    runToEnd(fresh(reference));
    referenceMillis = (System.nanoTime() - t0) / 1_000_000;
  }

  private void killAndResume(double fraction) throws Exception {
    killAndResume(fraction, false);
  }

  private void killAndResume(double fraction, boolean tornWrites) throws Exception {
    Path out = dir.resolve("killed-" + (int) (fraction * 100));
    Process p = start(fresh(out));
    boolean finished = p.waitFor((long) (referenceMillis * fraction), TimeUnit.MILLISECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor();
    }
    if (tornWrites) {
      // What a kill in the middle of writes can leave: a temporary file cut short, and (from a disk that lied) a
      // draw file cut short under its final name. The first is ignored, the second drawn again.
      Path draws = out.resolve("draws");
      Files.createDirectories(draws);
      Files.writeString(draws.resolve(".5.csv12345.tmp"), "# sample=5 sparsity=0.95 layers=4\nconv1,0.1");
      try (var files = Files.list(draws)) {
        Path victim = files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
        if (victim != null) {
          byte[] bytes = Files.readAllBytes(victim);
          Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
      }
    }
    if (Files.exists(out.resolve(RunState.RUN))) {
      runToEnd(List.of("resume=" + out));
    } else {
      runToEnd(fresh(out));
    }
    for (String file : OUTPUTS) {
      assertThat(fraction + " " + file, Files.readAllBytes(out.resolve(file)),
          equalTo(Files.readAllBytes(reference.resolve(file))));
    }
    assertThat(Files.readString(out.resolve("results.json")), equalTo(Files.readString(reference.resolve(
        "results.json"))));
  }

  @Test
  void killedWhilePreTrainingItResumesToTheSameResult() throws Exception {
    killAndResume(0.2);
  }

  @Test
  void killedWhileDrawingItResumesToTheSameResult() throws Exception {
    killAndResume(0.35);
  }

  @Test
  void killedMidWriteWhileDrawingItResumesToTheSameResult() throws Exception {
    killAndResume(0.5, true);
  }

  @Test
  void killedWhileFineTuningItResumesToTheSameResult() throws Exception {
    killAndResume(0.7);
  }

  @Test
  void killedNearTheEndItResumesToTheSameResult() throws Exception {
    killAndResume(0.9);
  }

  @Test
  void aResumeRefusesAChangedPreset() throws Exception {
    Path out = dir.resolve("tampered");
    runToEnd(fresh(out));
    Files.writeString(out.resolve("preset.properties"), "sparsity=0.5\n", java.nio.file.StandardOpenOption.APPEND);
    Process p = start(List.of("resume=" + out));
    assertThat(p.waitFor(), equalTo(2));
    String log = Files.readString(lastLog());
    assertThat(log.trim(), equalTo("fullspectrum: error: " + out.resolve("preset.properties")
        + ": checksum mismatch (changed since the run wrote it); cannot resume"));
  }

  private static Path lastLog() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("log-"))
          .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).orElseThrow();
    }
  }

}
