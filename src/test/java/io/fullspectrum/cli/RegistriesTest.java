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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own architecture and data set, each one class listed in {@code META-INF/services} (test resources), are
 * found by name by a whole pipeline and by {@code pipeline=help}, with no other file edited.
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
        "service-blobs", "snip", "grasp", "flink-cluster-gpu")) {
      assertThat(text, containsString(entry));
    }
  }
}
