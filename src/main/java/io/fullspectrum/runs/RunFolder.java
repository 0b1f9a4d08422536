package io.fullspectrum.runs;

import io.fullspectrum.config.Preset;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a run writes: {@code runs/<pipeline>-<timestamp>/} unless the user names a place. */
public final class RunFolder {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolder() {}

  /**
   * Creates the folder of a new run of {@code preset}: the preset's {@code output}, or a fresh timestamped one;
   * records the preset's values and the run's state file there.
   *
   * @throws IllegalArgumentException when the folder already holds a run
   */
  static Path prepare(Preset preset) throws java.io.IOException {
    return prepare(preset, target(preset));
  }

  /** The folder a new run of {@code preset} writes to. */
  static Path target(Preset preset) {
    String output = preset.get("output");
    return output.isEmpty() ? fresh(preset.pipeline()) : Paths.get(output);
  }

  /** Prepares {@code folder} (from {@link #target}) for a new run of {@code preset}. */
  static Path prepare(Preset preset, Path folder) throws java.io.IOException {
    if (java.nio.file.Files.exists(folder.resolve(RunState.RUN))) {
      throw new IllegalArgumentException(folder + " already holds a run; resume it with resume=" + folder
          + " or choose another output");
    }
    StringBuilder used = new StringBuilder();
    preset.values().forEach((k, v) -> used.append(k).append('=').append(v).append('\n'));
    RunOutputs.writeAtomically(folder.resolve("preset.properties"), used.toString());
    RunState.start(folder, preset.pipeline());
    return folder;
  }

  /**
   * Holds the folder's lock ({@code .lock}) until closed: two runs started on one folder at once would interleave
   * their files, so the second stops at once. The operating system releases the lock of a killed process.
   *
   * @throws IllegalArgumentException one line when another run (in this or another process) holds it
   */
  static Lock lock(Path folder) throws java.io.IOException {
    java.nio.file.Files.createDirectories(folder);
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(folder.resolve(".lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalArgumentException(folder + ": another run is writing to this folder right now; wait for it "
          + "to end (or resume it after) or choose another output");
    }
    return new Lock(channel);
  }

  /** A held folder lock. */
  static final class Lock implements AutoCloseable {
    private final java.nio.channels.FileChannel channel;

    private Lock(java.nio.channels.FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void close() throws java.io.IOException {
      channel.close();
    }
  }

  /** What a run builds into its pipeline once it holds its folder. */
  @FunctionalInterface
  public interface Dag {
    /** Builds the DAG writing into {@code folder}; {@code resumed} when the folder holds an earlier attempt. */
    void build(org.apache.beam.sdk.Pipeline pipeline, Path folder, boolean resumed) throws java.io.IOException;
  }

  /**
   * The life of a run, the same for every kind: lock its folder, prepare it (fresh) or check it (resumed), build the
   * DAG, run it, write the report. {@code options} are made by the caller before anything is written, so a runner
   * that cannot start leaves nothing behind.
   */
  public static Path execute(Preset preset, org.apache.beam.sdk.options.PipelineOptions options, Path resumeFrom,
      java.io.PrintStream out, Dag dag) throws java.io.IOException {
    Path target = resumeFrom != null ? resumeFrom : target(preset);
    try (Lock lock = lock(target)) {
      Path folder = target;
      if (resumeFrom != null) {
        RunState.verify(folder);
      } else {
        prepare(preset, folder);
      }
      long start = System.nanoTime();
      org.apache.beam.sdk.Pipeline pipeline = org.apache.beam.sdk.Pipeline.create(options);
      dag.build(pipeline, folder, resumeFrom != null);
      pipeline.run().waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      Path report = Report.write(folder, preset, seconds);
      out.printf(java.util.Locale.ROOT, "done in %.1f s; results %s, report %s%n", seconds,
          folder.resolve("results.json"), report);
      return folder;
    }
  }

  public static Path fresh(String pipeline) {
    return Paths.get("runs", pipeline + "-" + LocalDateTime.now().format(STAMP));
  }
}
