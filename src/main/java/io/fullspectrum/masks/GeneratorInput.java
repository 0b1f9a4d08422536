package io.fullspectrum.masks;

import ai.djl.ndarray.NDList;
import io.fullspectrum.nn.Network;
import java.util.List;

/**
 * What a generator may look at: the initialised network (its weights are read, never left changed) and, for the
 * data-driven generators (SNIP, GraSP), the scoring minibatches as {@code (data, labels)} pairs.
 */
public record GeneratorInput(Network network, List<NDList[]> minibatches) {}
