package io.fullspectrum.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What README.md and docs/ name in code exists: every {@code -D} key (a preset key or one of the command line's), every
 * {@code -Dpipeline=} preset, every project path (scripts, presets, results), and every class and method of ours.
 * A stale name fails here, naming the page and the reference.
 */
class DocsReferencesTest {
  /** Names in code spans that are not ours and are fine to name: libraries' classes and the like. */
  private static final Set<String> NOT_OURS = Set.of("DirectRunner", "FlinkDeployment", "FlinkRunner", "PTransform",
      "PCollection", "PipelineOptions", "ParameterStore", "GradientCollector", "PtGradientCollector", "JniUtils",
      "CombineFn", "Combine", "TestPipeline", "PAssert", "Dataset", "Trainer", "Block", "Coder", "Metrics",
      "TextIO", "FileIO", "MapElements", "TypeDescriptors", "Pipeline", "PipelineOptionsFactory", "NDArray",
      "ByteBuffer", "Tensor", "ScriptModule", "DataLoader", "LibUtils", "PyTorchLibrary", "AutoValue");
  private static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern DKEY = Pattern.compile("(?<![\\w.-])-D([A-Za-z][\\w.-]*)(?:=([^\\s`'\"]*))?");
  private static final Pattern PATH = Pattern.compile(
      "(?<![\\w./-])((?:bench|docs|pipelines|stages|schemas|runners|infra|examples|src|\\.ci)/[\\w./*<>-]*[\\w*>])");
  private static final Pattern JAVA_REF = Pattern.compile(
      "^(?:io\\.fullspectrum\\.)?((?:[a-z][a-z0-9]*\\.)*)([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+)"
          + "(?:[.#]([a-z][A-Za-z0-9]*|[A-Z][A-Za-z0-9]*))?(?:\\(\\))?$");

  /** Every class, record, interface and enum of ours (nested ones too) by simple name, with its source file. */
  private static Map<String, Path> classes() throws IOException {
    Map<String, Path> out = new HashMap<>();
    Pattern decl = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z][A-Za-z0-9]*)");
    for (String root : List.of("src/main/java", "src/test/java", "bench/java", "examples")) {
      try (Stream<Path> files = Files.walk(Paths.get(root))) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          Matcher m = decl.matcher(Files.readString(f));
          while (m.find()) {
            out.putIfAbsent(m.group(1), f);
          }
        }
      }
    }
    return out;
  }

  private static Properties keys() throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Paths.get("schemas/preset-keys.properties"))) {
      p.load(r);
    }
    return p;
  }

  /** The stale references in {@code text} (a page named {@code page}), one line each. */
  static List<String> stale(String page, String text) throws IOException {
    Map<String, Path> classes = classes();
    Properties keys = keys();
    List<String> code = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      code.add(fence.group(1));
    }
    String prose = FENCE.matcher(text).replaceAll("");
    List<String> spans = new ArrayList<>();
    Matcher span = SPAN.matcher(prose);
    while (span.find()) {
      spans.add(span.group(1));
    }
    code.addAll(spans);
    List<String> wrong = new ArrayList<>();
    for (String c : code) {
      Matcher d = DKEY.matcher(c);
      while (d.find()) {
        String key = d.group(1);
        boolean known = keys.containsKey(key) || Set.of("pipeline", "help", "resume", "key").contains(key)
            || key.startsWith("ai.djl.") || key.startsWith("fullspectrum.") || key.startsWith("org.slf4j.")
            || key.startsWith("maven.") || key.equals("skipTests") || key.equals("mdep.outputFile")
            || key.equals("test") || key.equals("surefire.runOrder");
        if (!known) {
          wrong.add(page + ": -D" + key + " is no preset key");
        }
        if (key.equals("pipeline") && d.group(2) != null && d.group(2).matches("[a-z0-9-]+")
            && !d.group(2).equals("help")
            && !Files.isRegularFile(Paths.get("pipelines", d.group(2) + ".properties"))) {
          wrong.add(page + ": -Dpipeline=" + d.group(2) + " has no preset pipelines/" + d.group(2) + ".properties");
        }
      }
      Matcher p = PATH.matcher(c);
      while (p.find()) {
        String path = p.group(1);
        if (path.contains("<") || path.matches(".*/[A-Z_]+(\\.\\w+)?$") || path.startsWith("infra/flink/work")) {
          continue; // a placeholder (masks/<mask>.arrow, pipelines/NAME.properties) or made at run time
        }
        if (!exists(path)) {
          wrong.add(page + ": " + path + " does not exist");
        }
      }
    }
    for (String s : spans) {
      Matcher j = JAVA_REF.matcher(s.trim());
      if (!j.matches()) {
        continue;
      }
      String name = j.group(2);
      String member = j.group(3);
      Path file = classes.get(name);
      if (file == null) {
        if (!NOT_OURS.contains(name) && (!j.group(1).isEmpty() || name.matches(".*[a-z][A-Z].*"))) {
          wrong.add(page + ": class " + s + " does not exist");
        }
        continue;
      }
      if (member != null && !classes.containsKey(member)
          && !Pattern.compile("\\b" + Pattern.quote(member) + "\\s*(\\(|[=;,])").matcher(Files.readString(file)).find()) {
        wrong.add(page + ": " + s + ": " + name + " has no " + member);
      }
    }
    return wrong;
  }

  private static boolean exists(String path) throws IOException {
    if (!path.contains("*")) {
      return Files.exists(Paths.get(path));
    }
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + path);
    Path dir = Paths.get(path.substring(0, path.lastIndexOf('/', path.indexOf('*'))));
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(glob::matches);
    }
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Paths.get("README.md"), Paths.get("examples/pytorch/README.md")));
    try (Stream<Path> docs = Files.list(Paths.get("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  @Test
  void everyKeyPresetPathClassAndMethodTheDocsNameExists() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Path page : pages()) {
      wrong.addAll(stale(page.toString(), Files.readString(page)));
    }
    assertThat(wrong, empty());
  }

  @Test
  void theStaleReferencesOnceInTheDocsAreGone() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path page : pages()) {
      String text = Files.readString(page);
      for (String stale : List.of("GenerateMasks.selectedAmong", "`paper_style`", "23 rounds", "about an hour on 2",
          "round(eps * raw_l", "Draws stay on the CPU")) {
        if (text.contains(stale)) {
          found.add(page + ": " + stale);
        }
      }
    }
    assertThat(found, empty());
  }

  @Test
  void aPlantedStaleNameIsFound() throws IOException {
    String planted = "Run `bash bench/nope.sh` with `-Dsparsty=0.5` or `-Dpipeline=pegz`; see "
        + "`GenerateMasks.selectedAmong` and `search.NoSuchClass`.\n";
    assertThat(stale("planted.md", planted), hasItems("planted.md: bench/nope.sh does not exist",
        "planted.md: -Dsparsty is no preset key", "planted.md: -Dpipeline=pegz has no preset pipelines/pegz.properties",
        "planted.md: GenerateMasks.selectedAmong: GenerateMasks has no selectedAmong",
        "planted.md: class search.NoSuchClass does not exist"));
  }
}
