package io.fullspectrum.runners;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A way to run a pipeline, by the name {@code runner=} gives (with its profile {@code runners/NAME.properties}, when
 * there is one). The shipped ones are registered in {@link Runners}; a user's own is listed in
 * {@code META-INF/services/io.fullspectrum.runners.RunnerKind} of its jar.
 */
public interface RunnerKind {
  /** The name {@code runner=} gives. */
  String name();

  /** The Beam options of a pipeline run so, with {@code workers} workers (the parallelism, 0 resolved to cores). */
  PipelineOptions options(RunnerSettings settings, int workers);
}
