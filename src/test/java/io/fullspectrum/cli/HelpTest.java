package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.matchesPattern;

import io.fullspectrum.config.Preset;
import io.fullspectrum.runners.Runners;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code -Dhelp}: every key of a pipeline with its value and what it sets. */
class HelpTest {
  @Test
  void everyKeyOfEveryShippedPresetAndRunnerProfileIsDescribed() throws IOException {
    Properties docs = Help.keyDocs();
    List<String> missing = new ArrayList<>();
    for (String pipeline : Preset.SHIPPED) {
      for (String key : Preset.load(pipeline, List.of(), Map.of()).values().keySet()) {
        if (docs.getProperty(key, "").isBlank()) {
          missing.add(key + " (" + pipeline + ")");
        }
      }
    }
    for (String runner : Runners.names()) {
      for (String key : Preset.runnerProfile(runner).keySet()) {
        if (docs.getProperty(key, "").isBlank()) {
          missing.add(key + " (runner " + runner + ")");
        }
      }
    }
    assertThat(missing, empty());
  }

  @Test
  void helpForAPipelinePrintsEachKeyWithItsValueThereAndWhatItSets() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Help.keys(Preset.load("pegs", List.of("samples=7"), Map.of()), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text, containsString("pipeline pegs ("));
    assertThat(text, matchesPattern("(?s).*\\n  samples +?= 7 +PAGS draws after the baseline.*"));
    assertThat(text, matchesPattern("(?s).*\\n  pretrain\\.iterations +?= 100 +dense pre-training iterations.*"));
  }
}
