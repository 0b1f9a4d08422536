package io.fullspectrum.config;

import io.fullspectrum.generators.Generators;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated matrix of a {@code kind=table} preset, bound once before anything is written: the methods (pai,
 * pags, pegs@K, lth, eb), the registered generators and the seeds, each list checked with a one-line error naming
 * the key and the entry.
 */
public record TableConfig(List<String> methods, List<String> generators, List<Long> seeds, String output, String runner) {

  /** @throws IllegalArgumentException one line naming the key (and the preset file when the value came from it) */
  public static TableConfig from(Preset p) {
    try {
      return build(p);
    } catch (IllegalArgumentException e) {
      throw p.located(e);
    }
  }

  private static TableConfig build(Preset p) {
    List<String> methods = list(p, "table.methods");
    for (String method : methods) {
      boolean pegs = method.startsWith("pegs@") && method.substring("pegs@".length()).matches("[0-9]+");
      if (method.startsWith("pegs@") && !pegs) {
        throw new IllegalArgumentException("table.methods: '" + method + "' needs an iteration count, as pegs@100");
      }
      if (!pegs && !List.of("pai", "pags", "lth", "eb").contains(method)) {
        throw new IllegalArgumentException("table.methods: '" + method
            + "' is not one of pai, pags, pegs@K, lth, eb");
      }
    }
    List<String> generators = list(p, "table.generators");
    for (String g : generators) {
      if (!Generators.names().contains(g)) {
        throw new IllegalArgumentException("table.generators: '" + g + "' is not a registered generator; known: "
            + String.join(", ", Generators.names()));
      }
    }
    List<Long> seeds = new ArrayList<>();
    for (String s : list(p, "table.seeds")) {
      try {
        seeds.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("table.seeds=" + p.get("table.seeds") + ": '" + s + "' is not an integer");
      }
    }
    return new TableConfig(methods, generators, seeds, p.get("output"), p.get("runner"));
  }

  private static List<String> list(Preset p, String key) {
    List<String> out = new ArrayList<>();
    for (String s : p.get(key).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(key + " is empty");
    }
    return out;
  }
}
