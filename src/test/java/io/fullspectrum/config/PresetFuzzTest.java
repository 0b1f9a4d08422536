package io.fullspectrum.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded nonsense in what a user types or edits: -D values for every key of the pags preset, and mutated preset
 * files. Each ends in a valid configuration or in one line naming the key (and the file, for a file); never
 * another exception.
 */
class PresetFuzzTest {
  private static final int CASES = Integer.getInteger("fs.fuzz.cases", 2000);
  private static final String[] VALUES = {"", " ", "-1", "0", "1", "0.5", "1e309", "-1e309", "NaN", "Infinity",
      "abc", "99999999999999999999", "2147483648", "-2147483649", "0x10", "1,2,x", ",,", "true", "all", "final",
      "exact", "drift", "connected", "random", "snip", "grasp", "resnet18", "fmnist-cnn", "synthetic", "cifar10",
      "pad32-rgb", "\u00e9\u4e2d", "1.0.0", "-0", "1e-320", "direct", "nope", "pytorch", "authors"};

  @TempDir Path dir;

  private static String pagsText() throws IOException {
    try (InputStream in = PresetFuzzTest.class.getResourceAsStream("/pipelines/pags.properties")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void check(List<String> failures, String what, Exception e, List<String> names) {
    String m = String.valueOf(e.getMessage());
    boolean named = names.stream().anyMatch(m::contains);
    if (m.contains("\n") || !named) {
      failures.add(what + ": " + e.getClass().getSimpleName() + " does not name " + names + " in one line: " + m);
    }
  }

  @Test
  void nonsenseCommandLineValuesEndInOneLineNamingTheKey() throws IOException {
    List<String> keys = new ArrayList<>(Preset.load("pags", List.of(), Map.of()).values().keySet());
    keys.removeAll(List.of("include", "kind", "output", "runner", "data", "data.path", "mask"));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < CASES && failures.size() < 5; i++) {
      SplittableRandom r = new SplittableRandom(i);
      List<String> args = new ArrayList<>(List.of("data=synthetic", "data.synthetic.size=64"));
      List<String> names = new ArrayList<>();
      for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
        String key = keys.get(r.nextInt(keys.size()));
        String value = VALUES[r.nextInt(VALUES.length)];
        args.add(key + "=" + value);
        names.add(key);
      }
      try {
        PagsConfig.from(Preset.load("pags", args, Map.of()));
      } catch (IllegalArgumentException | IOException e) {
        check(failures, "args " + args, e, names);
      } catch (RuntimeException e) {
        failures.add("args " + args + ": " + e);
      }
    }
    assertThat(failures, empty());
  }

  @Test
  void mutatedPresetFilesEndInOneLineNamingTheFile() throws IOException {
    byte[] valid = pagsText().replace("data=fashion-mnist", "data=synthetic").getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("preset.properties");
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < CASES && failures.size() < 5; i++) {
      StringBuilder what = new StringBuilder();
      Files.write(file, io.fullspectrum.fuzz.Mutations.mutate(valid, new SplittableRandom(i), what));
      try {
        PagsConfig.from(Preset.ofRun("pags", file));
      } catch (IllegalArgumentException | IOException e) {
        check(failures, "case " + i + " (" + what + ")", e, List.of(file.toString()));
      } catch (RuntimeException e) {
        failures.add("case " + i + " (" + what + "): " + e);
      }
    }
    assertThat(failures, empty());
  }
}
