package io.fullspectrum.examples;

import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.stages.ScoreNetworkFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Example 1 of a pipeline of your own: rank a folder of PyTorch checkpoints ({@code .npz} state dicts, e.g. a
 * sweep's final weights) by their full-spectrum distance (mean layer magnitude, method §3), and write one CSV. No
 * training: FileIO finds the files, our {@link ScoreNetworkFiles} stage scores each where it was found, and a
 * plain Beam combine ranks the small score records.
 *
 * <pre>
 * mvn -q exec:java -Dexec.mainClass=io.fullspectrum.examples.RankCheckpoints \
 *   -Dexec.args="--checkpoints=sweep --output=ranking.csv"
 * </pre>
 */
public final class RankCheckpoints {
  private RankCheckpoints() {}

  /** The example's options: {@code --checkpoints=FOLDER --output=FILE}, with any runner's options beside them. */
  public interface Options extends PipelineOptions {
    @Description("Folder of checkpoints: .npz state dicts (or Arrow mask sets) to rank")
    @Validation.Required
    String getCheckpoints();

    void setCheckpoints(String value);

    @Description("The ranking CSV to write")
    @Default.String("ranking.csv")
    String getOutput();

    void setOutput(String value);
  }

  /** The CSV header: rank 1 is the checkpoint furthest from the origin of the full-spectrum space. */
  public static final String HEADER = "rank,checkpoint,mean_magnitude,sparsity,layers";

  /**
   * Checkpoint files to the ranking CSV, as one element (header and rows in order: a collection of lines would
   * have none).
   */
  public static final class Rank extends PTransform<PCollection<FileIO.ReadableFile>, PCollection<String>> {
    @Override
    public PCollection<String> expand(PCollection<FileIO.ReadableFile> files) {
      return files.apply("Score", ScoreNetworkFiles.create())
          .apply("Gather", Combine.globally(new Gather()))
          .apply("Csv", MapElements.into(TypeDescriptors.strings()).via(s -> String.join("\n", lines(s))));
    }
  }

  /** Every score record in one list: they are a few hundred bytes each. */
  static final class Gather
      extends Combine.CombineFn<KV<String, ScoredMask>, List<KV<String, ScoredMask>>, List<KV<String, ScoredMask>>> {
    @Override
    public List<KV<String, ScoredMask>> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<KV<String, ScoredMask>> addInput(List<KV<String, ScoredMask>> list, KV<String, ScoredMask> e) {
      list.add(e);
      return list;
    }

    @Override
    public List<KV<String, ScoredMask>> mergeAccumulators(Iterable<List<KV<String, ScoredMask>>> lists) {
      List<KV<String, ScoredMask>> all = new ArrayList<>();
      lists.forEach(all::addAll);
      return all;
    }

    @Override
    public List<KV<String, ScoredMask>> extractOutput(List<KV<String, ScoredMask>> list) {
      return list;
    }

    @Override
    public Coder<List<KV<String, ScoredMask>>> getAccumulatorCoder(CoderRegistry registry,
        Coder<KV<String, ScoredMask>> input) {
      return ListCoder.of(input);
    }

    @Override
    public Coder<List<KV<String, ScoredMask>>> getDefaultOutputCoder(CoderRegistry registry,
        Coder<KV<String, ScoredMask>> input) {
      return ListCoder.of(input);
    }
  }

  static List<String> lines(List<KV<String, ScoredMask>> scored) {
    List<KV<String, ScoredMask>> sorted = new ArrayList<>(scored);
    // Furthest first; equal distances by name, so the file is the same on every runner.
    sorted.sort(Comparator.<KV<String, ScoredMask>>comparingDouble(kv -> -kv.getValue().meanMagnitude())
        .thenComparing(KV::getKey));
    List<String> out = new ArrayList<>();
    out.add(HEADER);
    for (int i = 0; i < sorted.size(); i++) {
      ScoredMask s = sorted.get(i).getValue();
      out.add(String.format(Locale.ROOT, "%d,%s,%.9g,%.6f,%d", i + 1, sorted.get(i).getKey(), s.meanMagnitude(),
          s.achievedSparsity(), s.layers().size()));
    }
    return out;
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    if (!options.getCheckpoints().contains("://") && !java.nio.file.Files.isDirectory(
        java.nio.file.Path.of(options.getCheckpoints()))) {
      System.err.println("rank-checkpoints: --checkpoints=" + options.getCheckpoints() + " is not a folder");
      System.exit(2);
    }
    Pipeline p = Pipeline.create(options);
    // An empty folder gives the header alone.
    p.apply("Find", FileIO.match().filepattern(options.getCheckpoints() + "/*")
            .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("Open", FileIO.readMatches())
        .apply("Rank", new Rank())
        .apply("Write", TextIO.write().to(options.getOutput()).withoutSharding());
    p.run().waitUntilFinish();
  }
}
