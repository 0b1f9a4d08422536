package io.fullspectrum.stages;

import java.io.Serializable;

/** Which network a pipeline builds: architecture, classes, input size, and the initialisation seed. */
public record NetworkSpec(String architecture, int classes, int channels, int height, int width, long seed)
    implements Serializable {}
