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
 * Package arrows point one way (architecture.md): each package uses only packages below it in this order, by import
 * or by a fully qualified name. A cycle (masks and nn.train once imported each other) fails here, naming the file.
 */
class PackageArrowsTest {
  /** Lowest first. */
  private static final List<String> LAYERS = List.of("registry", "nn.data", "graph", "schemas", "nn", "masks", "nn.train",
      "analysis", "stages", "pipelines.runners", "pipelines");
  private static final Pattern USE = Pattern.compile("io\\.fullspectrum\\.([a-z.]+?)\\.[A-Z]");

  private static String packageOf(Path root, Path file) {
    return root.relativize(file.getParent()).toString().replace('/', '.').replaceFirst("^io\\.fullspectrum\\.?", "");
  }

  @Test
  void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
    Path root = Paths.get("src", "main", "java");
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String from = packageOf(root, f);
        int level = LAYERS.indexOf(from);
        if (level < 0) {
          continue; // the root package (Main-free helpers) and any new package: listed when they gain arrows
        }
        Matcher m = USE.matcher(Files.readString(f));
        while (m.find()) {
          String to = m.group(1);
          int target = LAYERS.indexOf(to);
          if (!to.equals(from) && target >= level) {
            wrong.add(root.relativize(f) + " (" + from + ") uses " + to);
          }
        }
      }
    }
    assertThat(wrong.stream().distinct().toList(), empty());
  }
}
