package io.fullspectrum.runners;

import io.fullspectrum.registry.Registry;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The runner registry, one {@link RunnerKind} per {@code runner=} name: {@code direct} (local threads),
 * {@code flink-local} (Flink's embedded cluster), {@code flink-cluster} and {@code flink-cluster-gpu} (a remote
 * session cluster, the job jar staged to it, restarts on failure); a user's own from {@code META-INF/services}.
 */
public final class Runners {
  private static final Registry<RunnerKind> REGISTRY = new Registry<>("runner", RunnerKind::name,
      (name, known) -> "runner=" + name + " is not one of " + String.join(", ", known));

  static {
    REGISTRY.register(kind("direct", Runners::direct));
    // Only these need Flink's runner: a project that takes FullSpectrum as a library without it (the dependency is
    // optional) still runs the direct runner and its own.
    for (String flink : List.of("flink-local", "flink-cluster", "flink-cluster-gpu")) {
      REGISTRY.register(kind(flink, FlinkRunners::options));
    }
    REGISTRY.withServices(RunnerKind.class, Runners.class.getClassLoader());
  }

  private Runners() {}

  private static RunnerKind kind(String name, BiFunction<RunnerSettings, Integer, PipelineOptions> options) {
    return new RunnerKind() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public PipelineOptions options(RunnerSettings settings, int workers) {
        return options.apply(settings, workers);
      }
    };
  }

  /** The registered runner names, shipped ones first. */
  public static List<String> names() {
    return REGISTRY.names();
  }

  /**
   * The runner registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown runner and the known ones
   */
  public static RunnerKind get(String name) {
    return REGISTRY.get(name);
  }

  /**
   * Adds a runner under its name (this JVM only).
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public static void register(RunnerKind kind) {
    REGISTRY.register(kind);
  }

  /** The options of the runner {@code settings} name, for a pipeline created from them. */
  public static PipelineOptions options(RunnerSettings settings) {
    int parallelism = settings.parallelism();
    int cores = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    PipelineOptions options = get(settings.runner()).options(settings, cores);
    options.setJobName(settings.jobName());
    return options;
  }

  private static PipelineOptions direct(RunnerSettings settings, int cores) {
    DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
    o.setRunner(DirectRunner.class);
    o.setTargetParallelism(cores);
    o.setBlockOnRun(true);
    // The immutability and encodability checks re-encode every element (whole networks, masks): they belong in tests
    // (TestPipeline keeps them on), not in production runs.
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    return o;
  }
}
