package io.fullspectrum.pipelines;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where a run writes: {@code runs/<pipeline>-<timestamp>/} unless the user names a place. */
final class RunFolder {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolder() {}

  /**
   * Creates the folder of a new run of {@code preset}: the preset's {@code output}, or a fresh timestamped one;
   * records the preset's values and the run's state file there.
   *
   * @throws IllegalArgumentException when the folder already holds a run
   */
  static Path prepare(Preset preset) throws java.io.IOException {
    String output = preset.get("output");
    Path folder = output.isEmpty() ? fresh(preset.pipeline()) : Paths.get(output);
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

  static Path fresh(String pipeline) {
    return Paths.get("runs", pipeline + "-" + LocalDateTime.now().format(STAMP));
  }
}
