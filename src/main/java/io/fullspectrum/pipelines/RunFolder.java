package io.fullspectrum.pipelines;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where a run writes: {@code runs/<pipeline>-<timestamp>/} unless the user names a place. */
final class RunFolder {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolder() {}

  static Path fresh(String pipeline) {
    return Paths.get("runs", pipeline + "-" + LocalDateTime.now().format(STAMP));
  }
}
