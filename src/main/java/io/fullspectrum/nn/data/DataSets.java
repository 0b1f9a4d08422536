package io.fullspectrum.nn.data;

import io.fullspectrum.registry.Registry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The data set registry: one {@link DataSetDefinition} per name, the shipped ones registered here (Fashion-MNIST from
 * Debian's {@code dataset-fashion-mnist} by default, CIFAR-10/100 binaries, Tiny-ImageNet folders, a synthetic set);
 * a user's own is listed in {@code META-INF/services/io.fullspectrum.nn.data.DataSetDefinition} of its jar, or added
 * with {@link #register} before a pipeline runs in the same JVM.
 */
public final class DataSets {
  private static final Registry<DataSetDefinition> REGISTRY = new Registry<>("data set", DataSetDefinition::name,
      (name, known) -> "data=" + name + " is not a known dataset; known: " + String.join(", ", known));

  static {
    REGISTRY.register(new Shipped("fashion-mnist", "Fashion-MNIST IDX files (default folder: Debian's "
        + IdxFiles.DEBIAN_DIR + ")", new int[] {1, 28, 28}, Preprocessing.FASHION_MNIST) {
      @Override
      public ImageSet read(Path folder, boolean train, DataSpec spec) throws IOException {
        return IdxFiles.fashionMnist(folder == null ? IdxFiles.DEBIAN_DIR : folder, train);
      }
    });
    REGISTRY.register(new Shipped("cifar10", "CIFAR-10 binary version (data.path=<folder>)",
        new int[] {3, 32, 32}, Preprocessing.CIFAR10) {
      @Override
      public ImageSet read(Path folder, boolean train, DataSpec spec) throws IOException {
        return CifarBinary.cifar10(DataSetDefinition.required(folder, name()), train);
      }
    });
    REGISTRY.register(new Shipped("cifar100", "CIFAR-100 binary version (data.path=<folder>)",
        new int[] {3, 32, 32},
        new Preprocessing(new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f}, 4,
            true)) {
      @Override
      public ImageSet read(Path folder, boolean train, DataSpec spec) throws IOException {
        return CifarBinary.cifar100(DataSetDefinition.required(folder, name()), train);
      }
    });
    REGISTRY.register(new Shipped("tiny-imagenet", "Tiny-ImageNet-200 folder (data.path=<folder>)",
        new int[] {3, 64, 64},
        new Preprocessing(new float[] {0.4802f, 0.4481f, 0.3975f}, new float[] {0.2770f, 0.2691f, 0.2821f}, 4,
            true)) {
      @Override
      public ImageSet read(Path folder, boolean train, DataSpec spec) throws IOException {
        return TinyImageNetFolder.read(DataSetDefinition.required(folder, name()), train);
      }
    });
    REGISTRY.register(new DataSetDefinition() {
      @Override
      public String name() {
        return "synthetic";
      }

      @Override
      public String description() {
        return "seeded synthetic images at whatever shape the network needs (data.synthetic.size)";
      }

      @Override
      public int[] nativeShape(int[] needed) {
        return needed.clone();
      }

      @Override
      public ImageSet read(Path folder, boolean train, DataSpec spec) {
        int[] shape = spec.shape();
        return SyntheticImages.generate(train ? spec.syntheticSize() : Math.max(1, spec.syntheticSize() / 4),
            shape[0], shape[1], shape[2], 10, 1, train ? 1 : 2);
      }

      @Override
      public Preprocessing preprocessing(int[] shape) {
        float[] mean = new float[shape[0]];
        float[] std = new float[shape[0]];
        Arrays.fill(mean, 0.5f);
        Arrays.fill(std, 0.3f);
        return new Preprocessing(mean, std, 0, false);
      }
    });
    REGISTRY.register(new NpyFolder());
    REGISTRY.withServices(DataSetDefinition.class, DataSets.class.getClassLoader());
  }

  private DataSets() {}

  /**
   * Adds a data set under its name.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public static void register(DataSetDefinition definition) {
    REGISTRY.register(definition);
  }

  /**
   * The definition registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown set and the known ones
   */
  public static DataSetDefinition get(String name) {
    return REGISTRY.get(name);
  }

  /** Every registered definition, in registration order. */
  public static List<DataSetDefinition> all() {
    return REGISTRY.all();
  }

  /** A set read from files of a fixed shape, with fixed preprocessing. */
  private abstract static class Shipped implements DataSetDefinition {
    private final String name;
    private final String description;
    private final int[] shape;
    private final Preprocessing preprocessing;

    Shipped(String name, String description, int[] shape, Preprocessing preprocessing) {
      this.name = name;
      this.description = description;
      this.shape = shape;
      this.preprocessing = preprocessing;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public int[] nativeShape(int[] needed) {
      return shape.clone();
    }

    @Override
    public Preprocessing preprocessing(int[] ignored) {
      return preprocessing;
    }
  }
}
