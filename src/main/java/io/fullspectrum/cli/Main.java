package io.fullspectrum.cli;

import io.fullspectrum.config.Preset;
import io.fullspectrum.runners.ForkedJvm;
import io.fullspectrum.runs.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code mvn -q exec:java -Dpipeline=NAME [-Dkey=value ...]} or
 * {@code java -jar fullspectrum.jar pipeline=NAME [key=value ...]}. {@code pipeline=help} lists the pipelines and
 * registries, {@code -Dhelp} a pipeline's keys. Errors the user can fix print one line and exit with status 2; set
 * {@code -Dfullspectrum.debug=true} to see stack traces.
 */
public final class Main {
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
    String resume = system.get("resume");
    for (String arg : args) {
      if (arg.startsWith("resume=")) {
        resume = arg.substring("resume=".length());
      }
    }
    if (resume != null && !resume.isEmpty()) {
      Path folder = Paths.get(resume);
      String recorded = RunState.load(folder).getProperty("pipeline");
      Preset preset = Preset.ofRun(recorded, folder.resolve("preset.properties"));
      if (needsFork(preset)) {
        exitOnFailure(ForkedJvm.run(Main.class.getName(), recorded, java.util.Map.of("resume", resume)));
        return;
      }
      String kind = preset.values().getOrDefault("kind", recorded);
      PipelineKinds.get(kind, recorded).run(preset, System.out, folder);
      return;
    }
    String pipeline = system.getOrDefault("pipeline", "pegs");
    for (String arg : args) {
      if (arg.startsWith("pipeline=")) {
        pipeline = arg.substring("pipeline=".length());
      }
    }
    if (pipeline.equals("help")) {
      Help.registries(System.out);
      return;
    }
    List<String> rest = new java.util.ArrayList<>(Arrays.asList(args));
    boolean help = system.containsKey("help") && !"false".equals(system.get("help"));
    help |= rest.removeIf(arg -> arg.equals("help") || arg.equals("help=true"));
    Preset preset = Preset.load(pipeline, rest, system);
    if (help) {
      Help.keys(preset, System.out);
      return;
    }
    String kind = preset.values().getOrDefault("kind", pipeline);
    PipelineKind command = PipelineKinds.get(kind, pipeline);
    if (needsFork(preset)) {
      exitOnFailure(ForkedJvm.run(Main.class.getName(), pipeline, preset.overrides()));
      return;
    }
    command.run(preset, System.out, null);
  }

  /** Flink's embedded cluster cannot run inside Maven's JVM: such a run goes to a child JVM. */
  private static boolean needsFork(Preset preset) {
    return "flink-local".equals(preset.values().get("runner")) && ForkedJvm.insideMaven();
  }

  private static void exitOnFailure(int status) {
    if (status != 0) {
      System.exit(status);
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
