package io.fullspectrum.examples;

import io.fullspectrum.cli.Main;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Example 2 of a pipeline of your own: PAGS over a generator FullSpectrum does not ship ({@link UniformPerLayer},
 * found through its service file), on any runner. Arguments are preset overrides as for {@code mvn exec:java}, e.g.
 * {@code runner=flink-local samples=50}; the generator is this example's unless one is given.
 */
public final class PagsWithYourGenerator {
  private PagsWithYourGenerator() {}

  public static void main(String[] args) throws IOException {
    List<String> all = new ArrayList<>(List.of("pipeline=pags", "generator=" + UniformPerLayer.NAME));
    all.addAll(List.of(args));
    Main.run(all.toArray(new String[0]));
  }
}
