package io.fullspectrum.records;

import java.io.Serializable;

/**
 * Which network a pipeline builds: architecture, classes, input size, the initialisation seed, and the
 * initialisation scheme ({@link io.fullspectrum.nn.Initialisation}: authors or pytorch).
 */
public record NetworkSpec(String architecture, int classes, int channels, int height, int width, long seed,
    String init) implements Serializable {
  public NetworkSpec {
    io.fullspectrum.nn.Initialisation.named(init);
  }

  /** A network initialised as the authors' {@code init_random}. */
  public NetworkSpec(String architecture, int classes, int channels, int height, int width, long seed) {
    this(architecture, classes, channels, height, width, seed, "authors");
  }
}
