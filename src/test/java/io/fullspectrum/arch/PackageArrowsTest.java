package io.fullspectrum.arch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Package arrows point one way (docs/architecture.md): each package uses only the packages below it in {@link #LAYERS},
 * by import, by a fully qualified name or in a javadoc link. A package that is not listed fails too, so a new one is
 * placed on purpose.
 */
class PackageArrowsTest {
  /** Top first: a package may use those after it. */
  static final List<String> LAYERS = List.of(
      "examples", // a user's own pipelines and generators, built from the public API
      "cli", // the command line: Main, help, one command per pipeline kind
      "pipelines", // the DAG builders: PAGS/PEGS, the studies
      "runs", // a run's folder, state, outputs and report
      "config", // presets and the typed settings read from them
      "runners", // Direct / Flink options, cluster submission, forked JVMs
      "stages", // one composite PTransform per stage
      "records", // what travels between stages, with its Beam coders
      "analysis", // correlations and figures of scored, evaluated masks
      "baselines", // LTH, Early-Bird, dynamic sparse training and their pruning rules
      "search", // PAGS/PEGS: the sampler, CompareMerge, the budget, connectivity
      "generators", // the mask generators (random, ERK, magnitude, SNIP, GraSP, SynFlow) and their registry
      "nn.train", // masked training and evaluation
      "nn", // networks, architectures, devices, native memory
      "nn.data", // data sets and batches
      "schemas", // file formats: Arrow mask sets, network states, npy, csv, json
      "graph", // the spectral metrics; pure Java
      "registry"); // named entries of one kind
  private static final Pattern USE = Pattern.compile("io\\.fullspectrum\\.([a-z.]+?)\\.[A-Z]");

  private static String packageOf(Path root, Path file) {
    return root.relativize(file.getParent()).toString().replace('/', '.').replaceFirst("^io\\.fullspectrum\\.?", "");
  }

  @Test
  void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Path root : List.of(Paths.get("src", "main", "java"), Paths.get("examples", "src", "main", "java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          String from = packageOf(root, f);
          int level = LAYERS.indexOf(from);
          if (level < 0) {
            wrong.add(root.relativize(f) + ": package " + from + " is not placed in PackageArrowsTest.LAYERS");
            continue;
          }
          Matcher m = USE.matcher(Files.readString(f));
          while (m.find()) {
            String to = m.group(1);
            int target = LAYERS.indexOf(to);
            if (!to.equals(from) && target <= level) {
              wrong.add(root.relativize(f) + " (" + from + ") uses " + to);
            }
          }
        }
      }
    }
    assertThat(wrong.stream().distinct().toList(), empty());
  }
}
