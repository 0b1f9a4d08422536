package io.fullspectrum.bench;

import io.fullspectrum.generators.ExampleNetwork;
import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.graph.SpectralScorer;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.schemas.LayerRecord;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Scoring one CIFAR ResNet-18 (21 prunable layers, method §6 initialisation, global Random mask) at 99% and 90%
 * sparsity: the sparse Lanczos path against the dense SVD reference, in the same run. {@link #main} prints both
 * times and their ratio. Run with {@code bench/score.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ScoreBenchmark {
  @Param({"0.99", "0.9"})
  public double sparsity;

  private List<LayerRecord> network;

  @Setup(Level.Trial)
  public void setUp() {
    network = resnet18(sparsity, 1);
  }

  /** ResNet-18 (CIFAR-10) at its initialisation with a global Random mask. */
  static List<LayerRecord> resnet18(double sparsity, long seed) {
    return ExampleNetwork.randomMasked(Architecture.of("resnet18", 10), sparsity, seed).layers();
  }

  @Benchmark
  public FullSpectrumCoordinate sparse() {
    return new NetworkScorer(SpectralScorer.sparse()).score(network);
  }

  @Benchmark
  public FullSpectrumCoordinate sparseParallel() {
    return NetworkScorer.sparse().parallel().score(network);
  }

  @Benchmark
  public FullSpectrumCoordinate dense() {
    return new NetworkScorer(SpectralScorer.dense()).score(network);
  }

  /** Runs both paths at both sparsities and prints times and the dense/sparse ratio. */
  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder()
        .include(ScoreBenchmark.class.getName())
        .warmupIterations(1).warmupTime(TimeValue.seconds(5))
        .measurementIterations(3).measurementTime(TimeValue.seconds(10))
        .build();
    double[][] ms = new double[2][3];
    for (RunResult r : new Runner(options).run()) {
      int row = r.getParams().getParam("sparsity").equals("0.99") ? 0 : 1;
      String name = r.getParams().getBenchmark();
      int col = name.endsWith(".sparse") ? 0 : name.endsWith(".sparseParallel") ? 1 : 2;
      ms[row][col] = r.getPrimaryResult().getScore();
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "ResNet-18 (CIFAR-10), one network, all 21 layers, %d cores: sparse vs dense%n",
        Runtime.getRuntime().availableProcessors());
    String[] label = {"99%", "90%"};
    for (int row = 0; row < 2; row++) {
      System.out.printf(Locale.ROOT,
          "sparsity %s: sparse %.1f ms (1 thread), %.1f ms (all cores); dense %.1f ms (1 thread); "
              + "dense/sparse = %.1fx (1 thread)%n",
          label[row], ms[row][0], ms[row][1], ms[row][2], ms[row][2] / ms[row][0]);
    }
  }
}
