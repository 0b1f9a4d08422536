package io.fullspectrum.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half-way (as on a full disk) leaves the previous file whole and no temporary behind. */
class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aWriteFailingHalfWayLeavesThePreviousFileIntact() throws IOException {
    Path file = dir.resolve("best.arrow");
    AtomicFiles.writeString(file, "the previous, complete content");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      out.write(new byte[4096]);
      throw new IOException("No space left on device");
    }));
    assertThat(e.getMessage(), equalTo("No space left on device"));
    assertThat(Files.readString(file), equalTo("the previous, complete content"));
    try (var files = Files.list(dir)) {
      assertThat(files.count(), equalTo(1L));
    }
  }

  @Test
  void aSuccessfulWriteReplacesTheFileWhole() throws IOException {
    Path file = dir.resolve("scores.csv");
    AtomicFiles.writeString(file, "old");
    AtomicFiles.writeString(file, "new");
    assertThat(Files.readString(file), equalTo("new"));
  }
}
