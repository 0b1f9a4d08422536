package io.fullspectrum.config;

import io.fullspectrum.nn.TorchScriptModel;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.NetworkSpec;
import io.fullspectrum.runners.RunnerSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The preset keys every pipeline shares, validated: the network and its data, the target sparsity, the pre-train
 * (or search-training) and fine-tune recipes, the runner and its parallelism, and the training device.
 */
public record CommonConfig(NetworkSpec network, DataSpec data, double sparsity, Recipe pretrain, Recipe finetune,
    double validation, String runner, int parallelism, long seed, String device) implements Serializable {

  /**
   * The network a preset names: {@code model} (a TorchScript file, with {@code prune.include} and
   * {@code prune.exclude}) when given, else {@code architecture}.
   *
   * @throws IllegalArgumentException one line naming the file when it is missing, not TorchScript, or has no prunable
   *     weights
   */
  public static String architecture(Preset p) {
    Map<String, String> v = p.values();
    String model = v.getOrDefault("model", "").trim();
    if (model.isEmpty()) {
      return p.get("architecture");
    }
    String spec = TorchScriptModel.spec(java.nio.file.Path.of(model), v.getOrDefault("prune.include", "").trim(),
        v.getOrDefault("prune.exclude", "").trim());
    TorchScriptModel.of(spec); // read now: a bad file is named before anything runs
    return spec;
  }

  /** The data set as the architecture takes it ({@code data}, {@code data.path}, {@code data.adapt}). */
  public static DataSpec data(Preset p, String architecture, int classes) {
    io.fullspectrum.nn.Architecture arch = io.fullspectrum.nn.Architecture.of(architecture, classes);
    String name = p.get("data");
    int[] synthetic = new int[] {3, 32, 32};
    String shape = p.values().getOrDefault("data.synthetic.shape", "").trim();
    if (TorchScriptModel.isSpec(architecture) && !shape.isEmpty()) {
      synthetic = shape(shape);
    }
    int[] needed = arch.inputShape(DataSpec.nativeShape(name, p.get("data.path"), synthetic));
    if (name.equals("synthetic")) {
      needed = arch.inputShape(needed);
    }
    DataSpec spec = DataSpec.forInput(name, p.get("data.path"), p.getInt("data.synthetic.size"), p.get("data.adapt"),
        needed, architecture);
    if (TorchScriptModel.isSpec(architecture)) {
      // A model we did not write: it must take the data's shape and give an output for every label.
      int outputs = TorchScriptModel.of(architecture).outputs(spec.shape());
      int labels = spec.load(true).classes();
      if (labels > outputs) {
        throw new IllegalArgumentException("data=" + name + (p.get("data.path").isEmpty() ? "" : " (" + p.get(
            "data.path") + ")") + " has labels up to " + (labels - 1) + ", but the model gives " + outputs
            + " outputs");
      }
    }
    return spec;
  }

  /** A recipe whose errors name the preset key ({@code prefix} + the recipe's field, as finetune.lr). */
  private static Recipe recipe(String prefix, java.util.function.Supplier<Recipe> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      throw m.startsWith(prefix) ? e : new IllegalArgumentException(prefix + m, e);
    }
  }

  /** {@code C,H,W} as three positive sizes. */
  private static int[] shape(String text) {
    String[] parts = text.split(",");
    try {
      if (parts.length == 3) {
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
          out[i] = Integer.parseInt(parts[i].trim());
          if (out[i] < 1) {
            throw new NumberFormatException();
          }
        }
        return out;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new IllegalArgumentException("data.synthetic.shape=" + text + " is not C,H,W (three positive sizes)");
  }

  static CommonConfig from(Preset p) {
    String arch = architecture(p);
    DataSpec data = data(p, arch, p.getInt("classes"));
    NetworkSpec network = new NetworkSpec(arch, p.getInt("classes"), data.shape()[0], data.shape()[1],
        data.shape()[2], p.getLong("seed"), p.values().getOrDefault("init", "authors").trim());
    double sparsity = sparsity(p);
    Recipe pretrain = recipe("pretrain.", () -> Recipe.of((float) p.getDouble("pretrain.lr"),
        (float) p.getDouble("pretrain.momentum"), (float) p.getDouble("pretrain.weight.decay"), true,
        p.getInt("pretrain.batch.size"), 1, List.of(), 1f, p.getLong("seed")));
    List<Integer> milestones = new ArrayList<>();
    for (String m : p.get("finetune.milestones").split(",")) {
      if (!m.isBlank()) {
        try {
          milestones.add(Integer.parseInt(m.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("finetune.milestones=" + p.get("finetune.milestones")
              + ": '" + m.trim() + "' is not an epoch number");
        }
      }
    }
    Recipe finetune = recipe("finetune.", () -> Recipe.of((float) p.getDouble("finetune.lr"),
        (float) p.getDouble("finetune.momentum"), (float) p.getDouble("finetune.weight.decay"),
        Boolean.parseBoolean(p.get("finetune.nesterov")), p.getInt("finetune.batch.size"),
        p.getInt("finetune.epochs"), milestones, (float) p.getDouble("finetune.gamma"), p.getLong("seed")));
    RunnerSettings where = runnerSettings(p);
    String runner = where.runner();
    int parallelism = where.parallelism();
    String device = p.values().getOrDefault("device", "cpu").trim();
    io.fullspectrum.nn.Devices.check(device);
    // finetune.validation: the share of the training set held out to pick each fine-tune's epoch (0: none, the
    // last epoch is reported).
    String share = p.values().getOrDefault("finetune.validation", "0").trim();
    double validation;
    try {
      validation = Double.parseDouble(share);
    } catch (NumberFormatException e) {
      validation = Double.NaN;
    }
    if (!(validation >= 0 && validation < 1)) {
      throw new IllegalArgumentException("finetune.validation=" + share + " is not a share of the training set in "
          + "[0, 1)");
    }
    return new CommonConfig(network, data, sparsity, pretrain, finetune, validation, runner, parallelism,
        p.getLong("seed"), device);
  }

  /**
   * {@code sparsity}: the share of prunable weights removed, strictly between 0 and 1.
   *
   * @throws IllegalArgumentException one line naming the value
   */
  public static double sparsity(Preset p) {
    double sparsity = p.getDouble("sparsity");
    if (!(sparsity > 0 && sparsity < 1)) {
      throw new IllegalArgumentException("sparsity=" + p.get("sparsity") + " is outside (0, 1)");
    }
    return sparsity;
  }

  /**
   * Where {@code p} runs: its runner, parallelism and the runner profile's Flink keys (absent from local profiles).
   *
   * @throws IllegalArgumentException one line naming the key
   */
  public static RunnerSettings runnerSettings(Preset p) {
    // RunnerSettings checks the runner's name and the parallelism.
    try {
      Map<String, String> v = p.values();
      return new RunnerSettings(p.get("runner"), p.getInt("parallelism"),
          v.getOrDefault("flinkMaster", "").trim(), v.containsKey("flink.retries") ? p.getInt("flink.retries") : 0,
          v.containsKey("flink.retry.delay.ms") ? p.getLong("flink.retry.delay.ms") : 0,
          v.getOrDefault("jobJar", "").trim(), "fullspectrum-" + p.pipeline() + "-" + System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      throw p.located(e);
    }
  }
}
