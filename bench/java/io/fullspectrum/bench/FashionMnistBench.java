package io.fullspectrum.bench;

import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.generators.SnipGenerator;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.nn.Networks;
import io.fullspectrum.nn.data.IdxFiles;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.nn.data.ImageSet;
import io.fullspectrum.nn.data.Preprocessing;
import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.nn.train.MaskedTrainer;
import io.fullspectrum.nn.train.Recipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The default small CNN on real Fashion-MNIST (Debian's dataset-fashion-mnist): dense, then at 98% sparsity with
 * a SNIP mask, printing test accuracy and wall time per epoch. Usage: {@code bench/fmnist.sh [epochs]}.
 */
public final class FashionMnistBench {
  private FashionMnistBench() {}

  public static void main(String[] args) throws Exception {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    ImageSet train = IdxFiles.fashionMnist(IdxFiles.DEBIAN_DIR, true);
    ImageSet test = IdxFiles.fashionMnist(IdxFiles.DEBIAN_DIR, false);
    Architecture arch = Architecture.of("fmnist-cnn", 10);
    Recipe recipe = Recipe.of(0.05f, 0.9f, 5e-4f, true, 128, epochs, List.of(Math.max(1, epochs * 2 / 3)), 0.1f, 1);
    System.out.printf(Locale.ROOT, "Fashion-MNIST %d train / %d test, %s, %d epochs, batch %d, %d cores%n",
        train.size(), test.size(), arch.name(), epochs, recipe.batchSize(), Runtime.getRuntime().availableProcessors());
    run("dense", arch, train, test, recipe, -1);
    run("snip@0.98", arch, train, test, recipe, 0.98);
  }

  private static void run(String label, Architecture arch, ImageSet train, ImageSet test, Recipe recipe,
      double sparsity) {
    ImageBatches trainBatches = ImageBatches.training(train, Preprocessing.FASHION_MNIST, recipe.batchSize(), 1);
    ImageBatches testBatches = ImageBatches.evaluation(test, Preprocessing.FASHION_MNIST, 500);
    try (MaskedTrainer dense = MaskedTrainer.create(Networks.build(arch, 1, 28, 28), 1, recipe, null)) {
      List<byte[]> masks = null;
      if (sparsity > 0) {
        List<NDList[]> minibatches = new ArrayList<>();
        int taken = 0;
        for (Batch b : ImageBatches.training(train, Preprocessing.FASHION_MNIST, 128, 99)
            .getData(dense.model().getNDManager())) {
          if (taken++ == 4) {
            break;
          }
          minibatches.add(new NDList[] {b.getData(), b.getLabels()});
        }
        masks = new SnipGenerator().generate(new GeneratorInput(dense.network(), minibatches), sparsity, 1);
      }
      MaskedTrainer trainer = masks == null ? dense : new MaskedTrainer(dense.network(), dense.model(), recipe, masks);
      for (int epoch = 0; epoch < recipe.epochs(); epoch++) {
        long start = System.nanoTime();
        double loss = trainer.trainEpoch(trainBatches, epoch, -1, MaskedTrainer::log);
        double secs = (System.nanoTime() - start) / 1e9;
        Evaluation eval = trainer.evaluate(testBatches);
        System.out.printf(Locale.ROOT, "%s epoch %d: train loss %.4f, test accuracy %.4f, test loss %.4f, %.1f s%n",
            label, epoch + 1, loss, eval.accuracy(), eval.loss(), secs);
      }
    }
  }
}
