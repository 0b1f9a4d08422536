package io.fullspectrum.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code mvn -q exec:java -Dpipeline=NAME [-Dkey=value ...]} or
 * {@code java -jar fullspectrum.jar pipeline=NAME [key=value ...]}. Errors the user can fix print one line and
 * exit with status 2; set {@code -Dfullspectrum.debug=true} to see stack traces.
 */
public final class Main {
  /** Pipelines {@code -Dpipeline} accepts. */
  static final List<String> PIPELINES = List.of("score");

  private Main() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Runs a pipeline, throwing on failure (for tests and embedding). */
  public static void run(String... args) throws IOException {
    Map<String, String> system = new HashMap<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      system.put(key, System.getProperty(key));
    }
    String pipeline = system.getOrDefault("pipeline", "score");
    for (String arg : args) {
      if (arg.startsWith("pipeline=")) {
        pipeline = arg.substring("pipeline=".length());
      }
    }
    if (!PIPELINES.contains(pipeline)) {
      throw new IllegalArgumentException("unknown pipeline '" + pipeline + "'; known: " + PIPELINES);
    }
    Preset preset = Preset.load(pipeline, Arrays.asList(args), system);
    switch (pipeline) {
      case "score":
        new ScoreCommand(preset).run();
        break;
      default:
        throw new IllegalStateException("pipeline " + pipeline + " is listed but not wired");
    }
  }

  private static void fail(Exception e) {
    String message = e instanceof NoSuchFileException
        ? ((NoSuchFileException) e).getFile() + ": no such file"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (!(e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException)) {
      message = "internal error: " + e.getClass().getSimpleName() + ": " + message;
    }
    System.err.println("fullspectrum: error: " + message);
    if (Boolean.getBoolean("fullspectrum.debug")) {
      e.printStackTrace();
    }
    System.exit(2);
  }
}
