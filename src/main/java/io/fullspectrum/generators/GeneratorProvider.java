package io.fullspectrum.generators;

import java.util.function.Function;

/**
 * A user's own mask generator, found on the class path (Java's {@link java.util.ServiceLoader}: the class named in
 * {@code META-INF/services/io.fullspectrum.generators.GeneratorProvider}). Unlike a {@link Generators#register} call in
 * a main method, this reaches every JVM and class loader a runner starts (Flink TaskManagers, a job's own class
 * loader), so a preset can name the generator on any runner.
 */
public interface GeneratorProvider {
  /** The preset name ({@code generator=<name>}). */
  String name();

  /** A generator with the run's generator options. */
  MaskGenerator create(GeneratorOptions options);

  /** A provider of {@code name} that makes its generators with {@code factory}. */
  static GeneratorProvider of(String name, Function<GeneratorOptions, MaskGenerator> factory) {
    return new GeneratorProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public MaskGenerator create(GeneratorOptions options) {
        return factory.apply(options);
      }
    };
  }
}
