package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import io.fullspectrum.config.Preset;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.ArchitectureDefinition;
import io.fullspectrum.nn.BlockParts;
import io.fullspectrum.nn.data.DataSetDefinition;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.data.SyntheticImages;
import io.fullspectrum.runners.RunnerKind;
import io.fullspectrum.runners.RunnerSettings;
import io.fullspectrum.runners.Runners;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSetArrow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own architecture, data set, pipeline kind and runner, each one class listed in {@code META-INF/services}
 * (test resources), are found by name by a whole pipeline and by {@code pipeline=help}, with no other file edited.
 */
class RegistriesTest {
  @TempDir Path dir;

  /** A perceptron on 1 x 6 x 6 images, registered through META-INF/services. */
  public static final class ServiceMlp implements ArchitectureDefinition {
    @Override
    public String name() {
      return "service-mlp";
    }

    @Override
    public String description() {
      return "a test perceptron found by ServiceLoader";
    }

    @Override
    public LinkedHashMap<String, int[]> layers(int classes) {
      LinkedHashMap<String, int[]> layers = new LinkedHashMap<>();
      layers.put("hidden", new int[] {24, 36});
      layers.put("classifier", new int[] {classes, 24});
      return layers;
    }

    @Override
    public int[] inputShape(int[] dataShape) {
      return new int[] {1, 6, 6};
    }

    @Override
    public Block block(Architecture arch, BlockParts parts) {
      return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(parts.linear("hidden"))
          .add(Activation.reluBlock()).add(parts.linear("classifier"));
    }
  }

  /** Seeded 1 x 6 x 6 images of 10 classes, registered through META-INF/services. */
  public static final class ServiceBlobs implements DataSetDefinition {
    @Override
    public String name() {
      return "service-blobs";
    }

    @Override
    public String description() {
      return "test blobs found by ServiceLoader";
    }

    @Override
    public int[] nativeShape(int[] needed) {
      return new int[] {1, 6, 6};
    }

    @Override
    public ImageSet read(Path folder, boolean train, DataSpec spec) {
      return SyntheticImages.generate(train ? 200 : 50, 1, 6, 6, 10, 3, train ? 1 : 2);
    }

    @Override
    public Preprocessing preprocessing(int[] shape) {
      return new Preprocessing(new float[] {0.5f}, new float[] {0.3f}, 0, false);
    }
  }

  /** A pipeline kind that writes its preset's sparsity to its output file, registered through META-INF/services. */
  public static final class ServiceEcho implements PipelineKind {
    @Override
    public String name() {
      return "service-echo";
    }

    @Override
    public String description() {
      return "a test kind found by ServiceLoader";
    }

    @Override
    public void run(Preset preset, PrintStream out, Path folder) throws IOException {
      Files.writeString(Path.of(preset.get("output")), "sparsity " + preset.getSparsity("sparsity"));
    }
  }

  /** The direct runner on one thread under another name, registered through META-INF/services. */
  public static final class ServiceRunner implements RunnerKind {
    @Override
    public String name() {
      return "service-direct";
    }

    @Override
    public PipelineOptions options(RunnerSettings settings, int workers) {
      DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
      o.setRunner(DirectRunner.class);
      o.setTargetParallelism(1);
      return o;
    }
  }

  @Test
  void aServicePipelineKindRunsAPresetThatNamesIt() throws IOException {
    Path out = dir.resolve("echo.txt");
    Main.run("pipeline=service-echo", "sparsity=0.25", "output=" + out);
    assertThat(Files.readString(out), equalTo("sparsity 0.25"));
  }

  @Test
  void aServiceRunnerIsChosenByName() {
    PipelineOptions o = Runners.options(new RunnerSettings("service-direct", 0, "", 0, 0, "", "job"));
    assertThat(o.getRunner().getName(), equalTo(DirectRunner.class.getName()));
    assertThat(o.as(DirectOptions.class).getTargetParallelism(), equalTo(1));
  }

  @Test
  void aServiceArchitectureAndDataSetRunThePaiPipelineByName() throws IOException {
    Path out = dir.resolve("run");
    Preset preset = Preset.load("pai", List.of("architecture=service-mlp", "data=service-blobs", "generator=snip",
        "sparsity=0.5", "score.batches=1", "score.batch.size=20", "finetune.epochs=1", "finetune.batch.size=20",
        "output=" + out), Map.of());
    new PagsCommand(preset, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    List<LayerRecord> layers = MaskSetArrow.readFile(out.resolve("masks/baseline.arrow")).layers();
    assertThat(layers.stream().map(LayerRecord::name).toList(), contains("hidden", "classifier"));
    long kept = layers.stream().mapToLong(l -> {
      long n = 0;
      for (byte b : l.mask()) {
        n += b;
      }
      return n;
    }).sum();
    assertThat(kept, equalTo((24L * 36 + 10 * 24) / 2));
    assertThat(Files.readString(out.resolve("results.csv")), containsString("baseline"));
  }

  @Test
  void helpListsEveryRegistryWithTheUsersEntries() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Help.registries(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    for (String entry : List.of("pegs", "table-fmnist", "pags ", "itop ", "resnet18", "fmnist-cnn",
        "service-mlp                a test perceptron found by ServiceLoader", "fashion-mnist", "tiny-imagenet",
        "service-blobs", "snip", "grasp", "flink-cluster-gpu", "service-direct",
        "service-echo               a test kind found by ServiceLoader")) {
      assertThat(text, containsString(entry));
    }
  }
}
