package io.fullspectrum.cli;

import io.fullspectrum.config.Preset;
import io.fullspectrum.registry.Registry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline-kind registry: a preset's {@code kind} names the command that runs it. Each entry says in one line
 * what the kind does ({@code pipeline=help} lists them) and how to start it fresh or resume it from its folder.
 */
final class PipelineKinds {
  /** Runs a preset; {@code folder} is the run folder to resume, or null for a fresh run. */
  @FunctionalInterface
  private interface Launcher {
    void run(Preset preset, PrintStream out, Path folder) throws IOException;
  }

  /** A body that has no run folder to resume. */
  private interface Body {
    void run() throws IOException;
  }

  private static final Registry<PipelineKind> REGISTRY = new Registry<>("pipeline kind", PipelineKind::name,
      (name, known) -> "unknown kind '" + name + "'; known: " + String.join(", ", known));

  static {
    add("pags", "draw n masks from a generator, keep the best by full-spectrum distance, fine-tune (PAGS; PEGS "
        + "with pretrain.iterations > 0)", (p, out, folder) -> new PagsCommand(p, out).run(folder));
    add("pai", "the plain generators' masks, fine-tuned (pruning at initialisation)",
        (p, out, folder) -> new PagsCommand(p, out).run(folder));
    add("lth", "lottery tickets: iterative magnitude pruning with rewinding",
        (p, out, folder) -> new StudyCommand(p, out).run(folder));
    add("eb", "Early-Bird tickets: stop when the magnitude mask stops changing",
        (p, out, folder) -> new StudyCommand(p, out).run(folder));
    add("itop", "the ITOP observation: dynamic sparse training snapshots and their correlations",
        (p, out, folder) -> new StudyCommand(p, out).run(folder));
    add("table", "a paper-style table: generators x methods x seeds, each a run folder",
        (p, out, folder) -> fresh(folder, "table", () -> new TableCommand(p, out).run()));
    add("score", "the full-spectrum coordinate of one network (state dict or mask set): four numbers a layer",
        (p, out, folder) -> fresh(folder, "score", () -> new ScoreCommand(p).run()));
    add("mask", "one generator's mask for a network given as a state dict",
        (p, out, folder) -> fresh(folder, "mask", () -> new MaskCommand(p, out).run()));
    add("layers", "a network's prunable layers (a model file's too), their shapes and weight counts",
        (p, out, folder) -> fresh(folder, "layers", () -> new LayersCommand(p, out).run()));
    add("analyze", "correlations and figures of scored-and-evaluated masks given as a CSV",
        (p, out, folder) -> fresh(folder, "analyze", () -> new AnalyzeCommand(p, out).run()));
    REGISTRY.withServices(PipelineKind.class, PipelineKinds.class.getClassLoader());
  }

  private PipelineKinds() {}

  private static void add(String name, String description, Launcher launcher) {
    REGISTRY.register(new PipelineKind() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public void run(Preset preset, PrintStream out, Path folder) throws IOException {
        launcher.run(preset, out, folder);
      }
    });
  }

  private static void fresh(Path folder, String kind, Body body) throws IOException {
    if (folder != null) {
      throw new IllegalArgumentException("a " + kind + " run cannot be resumed: start it again");
    }
    body.run();
  }

  /**
   * The kind named {@code name}.
   *
   * @throws IllegalArgumentException naming the pipeline, the unknown kind and the known ones
   */
  static PipelineKind get(String name, String pipeline) {
    try {
      return REGISTRY.get(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pipeline " + pipeline + " has " + e.getMessage(), e);
    }
  }

  static List<PipelineKind> all() {
    return REGISTRY.all();
  }
}
