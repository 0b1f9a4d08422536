package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/** The architecture registry: one definition is all a new architecture needs. */
class ArchitecturesTest {
  /** A two-layer perceptron on 1 x 4 x 4 images, as a user would write one. */
  static final class TinyMlp implements ArchitectureDefinition {
    private final String name;
    private final boolean forgetsClassifier;

    TinyMlp(String name, boolean forgetsClassifier) {
      this.name = name;
      this.forgetsClassifier = forgetsClassifier;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "a test perceptron";
    }

    @Override
    public LinkedHashMap<String, int[]> layers(int classes) {
      LinkedHashMap<String, int[]> layers = new LinkedHashMap<>();
      layers.put("hidden", new int[] {12, 16});
      layers.put("classifier", new int[] {classes, 12});
      return layers;
    }

    @Override
    public int[] inputShape(int[] dataShape) {
      return new int[] {1, 4, 4};
    }

    @Override
    public Block block(Architecture arch, BlockParts parts) {
      SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock()).add(parts.linear("hidden"))
          .add(Activation.reluBlock());
      return forgetsClassifier ? net : net.add(parts.linear("classifier"));
    }
  }

  @Test
  void aRegisteredArchitectureIsBuiltAndInitialisedByName() {
    Architectures.register(new TinyMlp("tiny-mlp-built", false));
    Architecture arch = Architecture.of("tiny-mlp-built", 3);
    try (NDManager manager = NDManager.newBaseManager()) {
      Network net = Networks.build(arch, 1, 4, 4).initialize(manager, 7);
      assertThat(net.layerNames(), contains("hidden", "classifier"));
      assertThat(net.weights("classifier").length, equalTo(3 * 12));
    }
  }

  @Test
  void aRegisteredArchitectureWithoutResidualsIsAChainOfItsLayers() {
    Architectures.register(new TinyMlp("tiny-mlp-chain", false));
    Topology topology = Architecture.of("tiny-mlp-chain", 5).topology();
    assertThat(topology.ops(), contains(new Topology.Layer("hidden", 0, 1), new Topology.Layer("classifier", 1, 2)));
    assertThat(topology.output(), equalTo(2));
  }

  @Test
  void aBlockThatLeavesOutALayerOfItsTableIsRefusedNamingTheArchitecture() {
    Architectures.register(new TinyMlp("tiny-mlp-broken", true));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Networks.build(Architecture.of("tiny-mlp-broken", 2), 1, 4, 4));
    assertThat(e.getMessage(), containsString("tiny-mlp-broken: block layers [hidden] differ from [hidden, classifier]"));
  }

  @Test
  void aTakenNameCannotBeRegisteredAgain() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Architectures.register(new TinyMlp("resnet18", false)));
    assertThat(e.getMessage(), equalTo("architecture resnet18 is already registered"));
  }

  @Test
  void anUnknownArchitectureIsNamedWithTheRegisteredOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.of("resnet19", 10));
    assertThat(e.getMessage(), containsString("architecture=resnet19 is not a known architecture; known: [resnet18, "
        + "resnet34, vgg16, fmnist-cnn"));
  }

  @Test
  void theShippedResNet18KeepsItsTwentyOneLayersAndResidualSums() {
    Architecture arch = Architecture.of("resnet18", 10);
    assertThat(arch.layerNames().size(), equalTo(21));
    long sums = arch.topology().ops().stream().filter(op -> op instanceof Topology.Sum).count();
    assertThat(sums, equalTo(8L));
  }
}
