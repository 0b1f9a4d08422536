package io.fullspectrum.config;

import io.fullspectrum.runners.Runners;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A pipeline's parameters: its preset {@code pipelines/NAME.properties} (from the working directory when there,
 * else the copy packaged in the jar) with the user's overrides applied. Every key must be declared in the preset,
 * so a typo is an error, not a silently ignored setting.
 */
public final class Preset {
  /** Pipelines shipped with the project; any other preset in {@code pipelines/} works too. */
  public static final List<String> SHIPPED =
      List.of("pegs", "pags", "pai", "score", "mask", "layers", "lth", "eb", "itop", "analyze", "table-fmnist",
          "pegs-paper", "pags-paper", "lth-paper", "eb-paper", "itop-paper", "table-cifar10-resnet18",
          "table-cifar100-resnet34");

  private final String pipeline;
  private final String source;
  private final Map<String, String> values;
  private final Map<String, String> overrides;

  private Preset(String pipeline, String source, Map<String, String> values, Map<String, String> overrides) {
    this.pipeline = pipeline;
    this.source = source;
    this.values = values;
    this.overrides = overrides;
  }

  /**
   * Loads a preset and applies overrides: system properties named like a preset key ({@code -Dkey=value}), then
   * {@code key=value} arguments, which win. A system property that is neither a key of the pipeline nor one of
   * the JVM's, Maven's, DJL's, Beam's, Flink's or the command line's ({@link ForeignProperties}) is a typo.
   *
   * @throws IllegalArgumentException for an unknown pipeline, or a {@code -D} property or argument naming an unknown
   *     key (with the nearest key, when one is near)
   */
  public static Preset load(String pipeline, List<String> args, Map<String, String> systemProperties)
      throws IOException {
    String[] found = find(pipeline);
    String text = found[0];
    String source = found[1];
    Map<String, String> own = parse(new StringReader(text), source);
    Map<String, String> values = new LinkedHashMap<>();
    String include = own.get("include");
    if (include != null && !include.isBlank()) {
      for (String part : include.split(",")) {
        values.putAll(parse(new StringReader(readInclude(part.trim(), source)), source + " include " + part.trim()));
      }
    }
    values.putAll(own);
    String runner = values.get("runner");
    if (systemProperties.containsKey("runner")) {
      runner = systemProperties.get("runner");
    }
    for (String arg : args) {
      if (arg.startsWith("runner=")) {
        runner = arg.substring("runner=".length());
      }
    }
    if (runner != null) {
      // The runner profile (runners/NAME.properties) adds its keys (flinkMaster, device, ...) as defaults.
      runnerProfile(runner.trim()).forEach(values::putIfAbsent);
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    for (Map.Entry<String, String> property : new java.util.TreeMap<>(systemProperties).entrySet()) {
      String key = property.getKey();
      if (values.containsKey(key)) {
        overrides.put(key, property.getValue());
      } else if (!ForeignProperties.isForeign(key)) {
        throw new IllegalArgumentException("-D" + key + "=" + property.getValue() + ": pipeline " + pipeline
            + " has no key '" + key + "'" + ForeignProperties.suggestion(key, values.keySet())
            + " (-Dpipeline=" + pipeline + " -Dhelp lists its keys)");
      }
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
      }
      String key = arg.substring(0, eq);
      if (key.equals("pipeline")) {
        continue;
      }
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' for pipeline " + pipeline
            + ForeignProperties.suggestion(key, values.keySet()) + "; known: " + values.keySet());
      }
      overrides.put(key, arg.substring(eq + 1));
    }
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(overrides);
    return new Preset(pipeline, source, merged, overrides);
  }

  /** A pipeline preset's text, as {@link #load} reads it. */
  public static String text(String pipeline) throws IOException {
    return find(pipeline)[0];
  }

  /** {@code pipelines/NAME.properties}' text and where it came from: the working directory when there, else the jar. */
  private static String[] find(String pipeline) throws IOException {
    Path file = Paths.get("pipelines", pipeline + ".properties");
    if (Files.isRegularFile(file)) {
      return new String[] {readText(file), file.toString()};
    }
    try (InputStream in = Preset.class.getResourceAsStream("/pipelines/" + pipeline + ".properties")) {
      if (in == null) {
        throw new IllegalArgumentException("unknown pipeline '" + pipeline + "'; known: " + SHIPPED
            + " (pipeline=help says what each does)");
      }
      return new String[] {new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "classpath:pipelines/" + pipeline + ".properties"};
    }
  }

  /** The exact preset a run recorded in its folder ({@code preset.properties}), for resuming it. */
  public static Preset ofRun(String pipeline, Path file) throws IOException {
    Map<String, String> values = parse(new StringReader(readText(file)),
        file.toString());
    return new Preset(pipeline, file.toString(), values, new LinkedHashMap<>());
  }

  /**
   * This preset with values from another: {@code shared} values apply where this preset has the key (others are
   * ignored), then {@code exact} values, whose keys must exist here.
   */
  public Preset derive(Map<String, String> shared, Map<String, String> exact) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    Map<String, String> over = new LinkedHashMap<>(overrides);
    shared.forEach((k, v) -> {
      if (merged.containsKey(k) && !k.equals("kind") && !k.equals("include") && !k.equals("output")) {
        merged.put(k, v);
        over.put(k, v);
      }
    });
    exact.forEach((k, v) -> {
      if (!merged.containsKey(k)) {
        throw new IllegalArgumentException("pipeline " + pipeline + " has no key '" + k + "'");
      }
      merged.put(k, v);
      over.put(k, v);
    });
    return new Preset(pipeline, source, merged, over);
  }

  /** A runner profile's keys: {@code runners/NAME.properties} from the working directory when there, else the jar. */
  public static Map<String, String> runnerProfile(String runner) throws IOException {
    Path file = Paths.get("runners", runner + ".properties");
    if (Files.isRegularFile(file)) {
      return parse(new StringReader(readText(file)));
    }
    try (InputStream in = Preset.class.getResourceAsStream("/runners/" + runner + ".properties")) {
      if (in == null && Runners.names().contains(runner)) {
        return Map.of(); // a runner registered with no profile: its settings come from the preset alone
      }
      if (in == null) {
        throw new IllegalArgumentException("runner=" + runner + " has no profile runners/" + runner
            + ".properties; known: " + String.join(", ", Runners.names()));
      }
      return parse(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  /** A stage preset a pipeline preset includes: from the working directory when there, else the jar. */
  private static String readInclude(String path, String from) throws IOException {
    Path file = Paths.get(path);
    if (Files.isRegularFile(file)) {
      return readText(file);
    }
    try (InputStream in = Preset.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException(from + ": included stage preset '" + path + "' not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A configuration error about one of this preset's keys ("key=value ..."), with the preset file named when the
   * value came from it rather than from the command line.
   */
  public IllegalArgumentException located(IllegalArgumentException e) {
    String m = String.valueOf(e.getMessage());
    java.util.regex.Matcher key = java.util.regex.Pattern.compile("^([A-Za-z0-9_.@-]+)=|has no key '([^']*)'")
        .matcher(m);
    String named = key.find() ? (key.group(1) != null ? key.group(1) : key.group(2)) : null;
    if (named != null && !overrides.containsKey(named) && !m.startsWith(source)) {
      return new IllegalArgumentException(source + ": " + m, e);
    }
    return e;
  }

  /** A UTF-8 text file; bytes that are not UTF-8 are one line naming the file. */
  private static String readText(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text (" + e.getMessage() + ")", e);
    }
  }

  /** Parses properties text; a malformed escape is one line naming {@code source}. */
  private static Map<String, String> parse(Reader reader, String source) throws IOException {
    try {
      return parse(reader);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": not a properties file (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, String> parse(Reader reader) throws IOException {
    List<String> order = new ArrayList<>();
    Properties props = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized Object put(Object key, Object value) {
        order.add((String) key);
        return super.put(key, value);
      }
    };
    props.load(reader);
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : order) {
      out.put(key, props.getProperty(key));
    }
    return out;
  }

  public String pipeline() {
    return pipeline;
  }

  /** Where the preset came from. */
  public String source() {
    return source;
  }

  /** A value as text; empty when the preset leaves it empty. */
  public String get(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("pipeline " + pipeline + " has no key '" + key + "'");
    }
    return v.trim();
  }

  public long getLong(String key) {
    try {
      return Long.parseLong(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + get(key) + " is not an integer");
    }
  }

  public int getInt(String key) {
    long v = getLong(key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + "=" + v + " is out of range");
    }
    return (int) v;
  }

  public double getDouble(String key) {
    try {
      return Double.parseDouble(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + get(key) + " is not a number");
    }
  }

  /** A sparsity, checked to lie in [0, 1). */
  public double getSparsity(String key) {
    double s = getDouble(key);
    if (!(s >= 0 && s < 1)) {
      throw new IllegalArgumentException(key + "=" + get(key) + " is outside [0, 1)");
    }
    return s;
  }

  /** All values after overrides, in preset order. */
  public Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** The overrides the user gave. */
  public Map<String, String> overrides() {
    return Collections.unmodifiableMap(overrides);
  }
}
