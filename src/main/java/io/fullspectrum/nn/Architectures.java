package io.fullspectrum.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The architecture registry: one {@link ArchitectureDefinition} per name. The shipped ones are registered here; a
 * user's own is listed in {@code META-INF/services/io.fullspectrum.nn.ArchitectureDefinition} of its jar (found in
 * every JVM, cluster workers included), or added with {@link #register} before a pipeline runs in the same JVM.
 */
public final class Architectures {
  private static final Map<String, ArchitectureDefinition> REGISTRY = new LinkedHashMap<>();
  /** Why a definition named in META-INF/services could not be registered (null: all were). */
  private static String loadError;

  static {
    register(new ResNetArchitecture("resnet18", 2, 2, 2, 2));
    register(new ResNetArchitecture("resnet34", 3, 4, 6, 3));
    register(new Vgg16Architecture());
    register(new FashionCnnArchitecture());
    // Definitions on the classpath (META-INF/services/io.fullspectrum.nn.ArchitectureDefinition): found in every
    // JVM that has the jar, Flink TaskManagers included, with no code to run first.
    try {
      for (ArchitectureDefinition definition : ServiceLoader.load(ArchitectureDefinition.class, Architectures.class.getClassLoader())) {
        register(definition);
      }
    } catch (java.util.ServiceConfigurationError | IllegalArgumentException e) {
      loadError = "META-INF/services/io.fullspectrum.nn.ArchitectureDefinition: " + e.getMessage();
    }
  }

  private Architectures() {}

  /**
   * Adds an architecture under its name.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public static synchronized void register(ArchitectureDefinition definition) {
    if (REGISTRY.containsKey(definition.name())) {
      throw new IllegalArgumentException("architecture " + definition.name() + " is already registered");
    }
    REGISTRY.put(definition.name(), definition);
  }

  /**
   * The definition registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown architecture and the known ones
   */
  public static synchronized ArchitectureDefinition get(String name) {
    checkLoaded();
    ArchitectureDefinition definition = REGISTRY.get(name);
    if (definition == null) {
      throw new IllegalArgumentException("architecture=" + name + " is not a known architecture; known: "
          + known());
    }
    return definition;
  }

  /** The registered names, shipped ones first. */
  public static synchronized List<String> known() {
    checkLoaded();
    return new ArrayList<>(REGISTRY.keySet());
  }

  /** Every registered definition, in registration order. */
  public static synchronized List<ArchitectureDefinition> all() {
    checkLoaded();
    return new ArrayList<>(REGISTRY.values());
  }

  /** @throws IllegalArgumentException one line naming the services file and the entry that could not be loaded */
  private static void checkLoaded() {
    if (loadError != null) {
      throw new IllegalArgumentException(loadError);
    }
  }
}
