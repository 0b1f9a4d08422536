package io.fullspectrum.cli;

import io.fullspectrum.config.Preset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A kind of pipeline: what a preset's {@code kind} names, the command that runs it. The shipped ones are registered in
 * {@link PipelineKinds}; a user's own is listed in {@code META-INF/services/io.fullspectrum.cli.PipelineKind} of its
 * jar, and a preset of its own with {@code kind=<name>} then runs it like any shipped pipeline.
 */
public interface PipelineKind {
  /** The name a preset's {@code kind} gives. */
  String name();

  /** What the kind does, in one line ({@code pipeline=help} lists them). */
  String description();

  /**
   * Runs a preset of this kind.
   *
   * @param folder the run folder to resume, or null for a fresh run
   */
  void run(Preset preset, PrintStream out, Path folder) throws IOException;
}
