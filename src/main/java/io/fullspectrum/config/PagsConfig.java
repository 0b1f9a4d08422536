package io.fullspectrum.config;

import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.NetworkSpec;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkFiles;
import io.fullspectrum.search.MaskSampler;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/** The validated parameters of a PAGS / PEGS / PAI run, read from a preset. */
public record PagsConfig(String name, NetworkSpec network, DataSpec data, String generator, double sparsity, long samples,
    long saveEvery, boolean exactBudget, boolean mergeGuard, int pretrainIterations, Recipe pretrain,
    Recipe finetune, double validation, boolean finetuneAll, MaskSampler sampler, String runner, int parallelism,
    String device, String pretrainCache)
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

  /**
   * @throws IllegalArgumentException one line naming the key (and the preset file, when the value came from it)
   */
  public static PagsConfig from(Preset p) {
    try {
      return build(p);
    } catch (IllegalArgumentException e) {
      throw p.located(e);
    }
  }

  private static PagsConfig build(Preset p) {
    CommonConfig common = CommonConfig.from(p);
    NetworkSpec network = common.network();
    DataSpec data = common.data();
    double sparsity = common.sparsity();
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
    String generator = p.get("generator");
    String maskFile = p.values().getOrDefault("mask", "").trim();
    MaskSampler sampler;
    if (maskFile.isEmpty()) {
      sampler = SamplerConfig.from(p, generator, sparsity, p.getLong("seed"), data);
    } else {
      sampler = MaskSampler.fixed(readMask(maskFile, network), p.getLong("seed"));
      generator = "file";
    }
    // finetune.selections: all = every saved selection is fine-tuned (the authors' method; method §6); final = the
    // baseline and the last selection only.
    String selections = p.values().getOrDefault("finetune.selections", "final").trim();
    if (!selections.equals("all") && !selections.equals("final")) {
      throw new IllegalArgumentException("finetune.selections=" + selections + " is not one of all, final");
    }
    return new PagsConfig(p.pipeline(), network, data, generator, sparsity, samples, every,
        budget.equals("exact"), SamplerConfig.mergeGuard(p), pretrainIterations, common.pretrain(),
        common.finetune(), common.validation(), selections.equals("all"), sampler, common.runner(),
        common.parallelism(), common.device(), p.values().getOrDefault("pretrain.cache", "").trim());
  }
}
