package io.fullspectrum.pipelines;

import io.fullspectrum.masks.MaskSampler;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkFiles;
import java.io.IOException;
import java.nio.file.Path;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.stages.NetworkSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The validated parameters of a PAGS / PEGS / PAI run, read from a preset. */
record PagsConfig(String name, NetworkSpec network, DataSpec data, String generator, double sparsity, long samples,
    long saveEvery, boolean exactBudget, int pretrainIterations, Recipe pretrain, Recipe finetune, MaskSampler sampler, String runner, int parallelism)
    implements Serializable {

  /** A user's mask file, checked against the network before anything runs. */
  private static MaskSet readMask(String file, NetworkSpec network) {
    try {
      MaskSet set = NetworkFiles.read(Path.of(file));
      io.fullspectrum.nn.Architecture.of(network.architecture(), network.classes()).masksOf(set);
      return set;
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith(file) ? e.getMessage() : file + ": "
          + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static PagsConfig from(Preset p) {
    String arch = p.get("architecture");
    DataSpec data = new DataSpec(p.get("data"), p.get("data.path"), p.getInt("data.synthetic.size"));
    boolean grey = data.name().equals("fashion-mnist") || data.name().equals("synthetic");
    int side = data.name().equals("tiny-imagenet") ? 64 : grey ? 28 : 32;
    NetworkSpec network = new NetworkSpec(arch, p.getInt("classes"), grey ? 1 : 3, side, side, p.getLong("seed"));
    io.fullspectrum.nn.Architecture.of(arch, network.classes());
    double sparsity = p.getDouble("sparsity");
    if (!(sparsity > 0 && sparsity < 1)) {
      throw new IllegalArgumentException("sparsity=" + p.get("sparsity") + " is outside (0, 1)");
    }
    long samples = p.getLong("samples");
    boolean baselineOnly = "pai".equals(p.values().get("kind"));
    if (samples < (baselineOnly ? 0 : 1)) {
      throw new IllegalArgumentException("samples=" + p.get("samples") + ": n must be at least "
          + (baselineOnly ? "0" : "1 (pipeline=pai gives the generator's mask alone)"));
    }
    long every = p.getLong("save.every");
    if (every < 1) {
      throw new IllegalArgumentException("save.every=" + every + " must be at least 1");
    }
    String budget = p.get("budget");
    if (!budget.equals("exact") && !budget.equals("drift")) {
      throw new IllegalArgumentException("budget=" + budget + " is not one of exact, drift");
    }
    int pretrainIterations = p.getInt("pretrain.iterations");
    if (pretrainIterations < 0) {
      throw new IllegalArgumentException("pretrain.iterations=" + pretrainIterations + " is negative");
    }
    Recipe pretrain = Recipe.of((float) p.getDouble("pretrain.lr"), (float) p.getDouble("pretrain.momentum"),
        (float) p.getDouble("pretrain.weight.decay"), true, p.getInt("pretrain.batch.size"), 1, List.of(), 1f,
        p.getLong("seed"));
    List<Integer> milestones = new ArrayList<>();
    for (String m : p.get("finetune.milestones").split(",")) {
      if (!m.isBlank()) {
        milestones.add(Integer.parseInt(m.trim()));
      }
    }
    Recipe finetune = Recipe.of((float) p.getDouble("finetune.lr"), (float) p.getDouble("finetune.momentum"),
        (float) p.getDouble("finetune.weight.decay"), Boolean.parseBoolean(p.get("finetune.nesterov")),
        p.getInt("finetune.batch.size"), p.getInt("finetune.epochs"), milestones,
        (float) p.getDouble("finetune.gamma"), p.getLong("seed"));
    String generator = p.get("generator");
    String maskFile = p.values().getOrDefault("mask", "").trim();
    MaskSampler sampler;
    if (maskFile.isEmpty()) {
      sampler = new MaskSampler(generator, sparsity, p.getLong("seed"), data, p.getInt("score.batches"),
          p.getInt("score.batch.size"));
    } else {
      sampler = MaskSampler.fixed(readMask(maskFile, network), p.getLong("seed"));
      generator = "file";
    }
    String runner = p.get("runner");
    if (!runner.equals("direct") && !runner.equals("flink-local")) {
      throw new IllegalArgumentException("runner=" + runner + " is not one of direct, flink-local");
    }
    int parallelism = p.getInt("parallelism");
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism=" + parallelism + " is negative (0 = one worker per core)");
    }
    return new PagsConfig(p.pipeline(), network, data, generator, sparsity, samples, every,
        budget.equals("exact"), pretrainIterations,
        pretrain, finetune, sampler, runner, parallelism);
  }
}
