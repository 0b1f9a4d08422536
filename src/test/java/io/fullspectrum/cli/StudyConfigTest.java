package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.config.Preset;
import io.fullspectrum.config.StudyConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lth, eb and itop presets are bound to a typed configuration once, before anything is written. */
class StudyConfigTest {
  @TempDir Path dir;

  private IllegalArgumentException failure(String pipeline, String setting) throws IOException {
    Path out = dir.resolve(pipeline);
    Preset preset = Preset.load(pipeline, List.of(setting, "data=synthetic", "output=" + out), Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StudyCommand(preset, new PrintStream(new ByteArrayOutputStream())).run(null));
    assertThat(pipeline + " left a run folder behind", Files.exists(out), equalTo(false));
    return e;
  }

  @Test
  void anLthRateOfOneOrMoreIsNamedBeforeTheRunFolderExists() throws IOException {
    assertThat(failure("lth", "lth.rate=1.5").getMessage(),
        equalTo("lth.rate=1.5 must lie strictly between 0 and 1"));
  }

  @Test
  void anEarlyBirdWindowOfZeroIsNamed() throws IOException {
    assertThat(failure("eb", "eb.window=0").getMessage(), equalTo("eb.window=0 must be at least 1"));
  }

  @Test
  void anUnknownItopSnapshotModeIsNamed() throws IOException {
    assertThat(failure("itop", "itop.snapshots=train").getMessage(),
        equalTo("itop.snapshots=train is not one of evaluate, finetune"));
  }

  @Test
  void theItopPresetBindsItsOwnKeys() throws IOException {
    StudyConfig c = StudyConfig.from(Preset.load("itop", List.of("itop.update.every=7", "itop.death.rate=0.25",
        "itop.snapshots=finetune", "data=synthetic"), Map.of()));
    assertThat(c.itop(), equalTo(new StudyConfig.Itop(7, c.itop().iterations(), 0.25, true, c.itop().generator())));
    assertThat(c.lth() == null && c.eb() == null, equalTo(true));
  }

  @Test
  void anUnregisteredTableGeneratorIsNamedBeforeTheTableFolderExists() throws IOException {
    Path out = dir.resolve("table");
    Preset preset = Preset.load("table-fmnist", List.of("table.generators=snip,snipp", "output=" + out), Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TableCommand(preset, new PrintStream(new ByteArrayOutputStream())).run());
    assertThat(e.getMessage(), org.hamcrest.Matchers.startsWith("table.generators: 'snipp' is not a registered "
        + "generator; known: random, magnitude, erk, snip, grasp, synflow"));
    assertThat(Files.exists(out), equalTo(false));
  }
}
