package io.fullspectrum.nn;

import io.fullspectrum.registry.Registry;
import java.util.List;

/**
 * The architecture registry: one {@link ArchitectureDefinition} per name. The shipped ones are registered here; a
 * user's own is listed in {@code META-INF/services/io.fullspectrum.nn.ArchitectureDefinition} of its jar (found in
 * every JVM, cluster workers included), or added with {@link #register} before a pipeline runs in the same JVM.
 */
public final class Architectures {
  private static final Registry<ArchitectureDefinition> REGISTRY = new Registry<>("architecture",
      ArchitectureDefinition::name,
      (name, known) -> "architecture=" + name + " is not a known architecture; known: " + known);

  static {
    REGISTRY.register(new ResNetArchitecture("resnet18", 2, 2, 2, 2));
    REGISTRY.register(new ResNetArchitecture("resnet34", 3, 4, 6, 3));
    REGISTRY.register(new Vgg16Architecture());
    REGISTRY.register(new FashionCnnArchitecture());
    REGISTRY.withServices(ArchitectureDefinition.class, Architectures.class.getClassLoader());
  }

  private Architectures() {}

  /**
   * Adds an architecture under its name.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public static void register(ArchitectureDefinition definition) {
    REGISTRY.register(definition);
  }

  /**
   * The definition registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown architecture and the known ones
   */
  public static ArchitectureDefinition get(String name) {
    if (TorchScriptModel.isSpec(name)) {
      return new TorchScriptArchitecture(TorchScriptModel.of(name));
    }
    return REGISTRY.get(name);
  }

  /** The registered names, shipped ones first. */
  public static List<String> known() {
    return REGISTRY.names();
  }

  /** Every registered definition, in registration order. */
  public static List<ArchitectureDefinition> all() {
    return REGISTRY.all();
  }
}
