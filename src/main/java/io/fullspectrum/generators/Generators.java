package io.fullspectrum.generators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The registry of mask generators by preset name: each entry in one place, and a user's own generator added without
 * touching this class, by a {@link GeneratorProvider} on the class path (every JVM a runner starts finds it) or by
 * {@link #register} (this JVM only).
 */
public final class Generators {
  private static final Map<String, Function<GeneratorOptions, MaskGenerator>> REGISTRY = new LinkedHashMap<>();

  static {
    register("random", o -> new RandomGenerator());
    register("magnitude", o -> new MagnitudeGenerator());
    register("erk", o -> new ErkGenerator());
    register("snip", o -> new SnipGenerator());
    register("grasp", o -> new GraspGenerator(o.graspTemperature()));
    register("synflow", o -> new SynflowGenerator(o.synflowRounds()));
    for (GeneratorProvider provider : ServiceLoader.load(GeneratorProvider.class, Generators.class.getClassLoader())) {
      register(provider.name(), provider::create);
    }
  }

  private Generators() {}

  /** Adds (or replaces) a generator under {@code name}. */
  public static synchronized void register(String name, Function<GeneratorOptions, MaskGenerator> factory) {
    REGISTRY.put(name, factory);
  }

  /** The registered names, in registration order. */
  public static synchronized List<String> names() {
    return new ArrayList<>(REGISTRY.keySet());
  }

  /**
   * A generator by name.
   *
   * @throws IllegalArgumentException naming the unknown generator and the known ones
   */
  public static synchronized MaskGenerator create(String name, GeneratorOptions options) {
    Function<GeneratorOptions, MaskGenerator> factory = REGISTRY.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown generator '" + name + "'; known: " + String.join(", ",
          REGISTRY.keySet()));
    }
    return factory.apply(options);
  }
}
