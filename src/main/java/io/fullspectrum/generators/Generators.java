package io.fullspectrum.generators;

import io.fullspectrum.registry.Registry;
import java.util.List;
import java.util.function.Function;

/**
 * The registry of mask generators by preset name, kept in the one {@link Registry} mechanism architectures and data
 * sets use: the shipped ones registered here, a user's own added without touching this class by a
 * {@link GeneratorProvider} on the class path (every JVM a runner starts finds it) or by {@link #register} (this JVM
 * only).
 */
public final class Generators {
  private static final Registry<GeneratorProvider> REGISTRY = new Registry<>("generator", GeneratorProvider::name,
      (name, known) -> "unknown generator '" + name + "'; known: " + String.join(", ", known));

  static {
    register("random", o -> new RandomGenerator());
    register("magnitude", o -> new MagnitudeGenerator());
    register("erk", o -> new ErkGenerator());
    register("snip", o -> new SnipGenerator());
    register("grasp", o -> new GraspGenerator(o.graspTemperature()));
    register("synflow", o -> new SynflowGenerator(o.synflowRounds()));
    REGISTRY.withServices(GeneratorProvider.class, Generators.class.getClassLoader());
  }

  private Generators() {}

  /**
   * Adds a generator under {@code name}.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public static void register(String name, Function<GeneratorOptions, MaskGenerator> factory) {
    REGISTRY.register(GeneratorProvider.of(name, factory));
  }

  /** The registered names, in registration order. */
  public static List<String> names() {
    return REGISTRY.names();
  }

  /**
   * A generator by name.
   *
   * @throws IllegalArgumentException naming the unknown generator and the known ones
   */
  public static MaskGenerator create(String name, GeneratorOptions options) {
    return REGISTRY.get(name).create(options);
  }
}
