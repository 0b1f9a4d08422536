package io.fullspectrum.cli;

import io.fullspectrum.config.Preset;
import io.fullspectrum.runners.Runners;
import io.fullspectrum.generators.Generators;
import io.fullspectrum.nn.ArchitectureDefinition;
import io.fullspectrum.nn.Architectures;
import io.fullspectrum.nn.data.DataSetDefinition;
import io.fullspectrum.nn.data.DataSets;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What a user can ask the command line: {@code pipeline=help} lists every registry (pipelines, kinds,
 * architectures, data sets, generators, runners); {@code -Dhelp} with a pipeline prints each of its keys with its
 * value there and one line saying what it sets ({@code schemas/preset-keys.properties}).
 */
final class Help {
  static final String KEY_DOCS = "schemas/preset-keys.properties";

  private Help() {}

  /** Every registry, one entry a line. */
  static void registries(PrintStream out) throws IOException {
    out.println("pipelines (-Dpipeline=NAME; -Dhelp lists its keys):");
    for (String name : Preset.SHIPPED) {
      out.printf("  %-26s %s%n", name, firstComment(name));
    }
    out.println("kinds (a preset's kind=):");
    for (PipelineKind kind : PipelineKinds.all()) {
      out.printf("  %-26s %s%n", kind.name(), kind.description());
    }
    out.println("architectures (architecture=):");
    for (ArchitectureDefinition a : Architectures.all()) {
      out.printf("  %-26s %s%n", a.name(), a.description());
    }
    out.println("data sets (data=):");
    for (DataSetDefinition d : DataSets.all()) {
      out.printf("  %-26s %s%n", d.name(), d.description());
    }
    out.println("generators (generator=): " + String.join(", ", Generators.names()));
    out.println("runners (runner=): " + String.join(", ", Runners.names()));
  }

  /** Each key of the merged preset: its value and what it sets. */
  static void keys(Preset preset, PrintStream out) throws IOException {
    Properties docs = keyDocs();
    out.println("pipeline " + preset.pipeline() + " (" + preset.source() + "): key = value   what it sets");
    for (Map.Entry<String, String> e : preset.values().entrySet()) {
      out.printf("  %-24s = %-22s %s%n", e.getKey(), e.getValue(),
          docs.getProperty(e.getKey(), "(not described in " + KEY_DOCS + ")"));
    }
  }

  /** The key descriptions: from the working directory when there, else the jar. */
  static Properties keyDocs() throws IOException {
    Properties docs = new Properties();
    Path file = Path.of(KEY_DOCS);
    try (InputStream in = Files.isRegularFile(file) ? Files.newInputStream(file)
        : Help.class.getResourceAsStream("/" + KEY_DOCS)) {
      if (in == null) {
        throw new IOException(KEY_DOCS + ": not found in the working directory or the jar");
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        docs.load(reader);
      }
    }
    return docs;
  }

  /** The first sentence of a preset's leading comment, without its {@code name:}, at most 110 characters. */
  static String firstComment(String pipeline) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : Preset.text(pipeline).split("\n")) {
      if (!line.startsWith("#")) {
        break;
      }
      text.append(text.length() == 0 ? "" : " ").append(line.substring(1).trim());
    }
    String s = text.toString();
    s = s.startsWith(pipeline + ":") ? s.substring(pipeline.length() + 1).trim() : s;
    int end = s.indexOf(". ");
    s = end >= 0 ? s.substring(0, end + 1) : s;
    return s.length() <= 110 ? s : s.substring(0, 107).trim() + "...";
  }
}
