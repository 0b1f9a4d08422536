package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.fullspectrum.nn.train.FlatParameters;
import io.fullspectrum.nn.train.MaskedSgd;
import org.junit.jupiter.api.Test;

/**
 * MaskedSgd is torch.optim.SGD with weights re-masked after each step: checked step by step against the formula on
 * a linear least-squares model, its parameter a view of FlatParameters.
 */
class MaskedSgdTest {

  @Test
  void threeNesterovStepsWithWeightDecayAndAMaskFollowTorchSgd() {
    followsTorchSgd(new float[] {0.1f, 0.1f, 0.1f});
  }

  @Test
  void aLearningRateChangedBetweenStepsIsTheOneTheNextStepUses() {
    // The step keeps its scalars on the device; a new rate (a schedule's next epoch) must replace the cached one.
    followsTorchSgd(new float[] {0.1f, 0.02f, 0.3f});
  }

  private static void followsTorchSgd(float[] rates) {
    float lr = rates[0];
    float mu = 0.9f;
    float wd = 0.01f;
    float[][] x = {{1, 2, 3}, {0, -1, 2}, {2, 0, -1}, {1, 1, 1}};
    float[] y = {1, -2, 0.5f, 3};
    float[] mask = {1, 0, 1};
    double[] w = {0.3, 0.2, -0.1};
    double[] buf = new double[3];
    MaskedSgd sgd = MaskedSgd.builder().learningRate(lr).momentum(mu).weightDecay(wd).nesterov(true).build();
    try (Model model = Model.newInstance("sgd", "PyTorch")) {
      model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
      model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(4, 3));
      model.getBlock().getParameters().get("weight").getArray().set(new float[] {0.3f, 0.2f, -0.1f});
      // Before the trainer's first forward pass: DJL's parameter store keeps the arrays it first sees.
      FlatParameters flat = FlatParameters.of(model.getBlock(), model.getNDManager());
      sgd.bind(flat);
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(sgd))) {
        NDManager manager = trainer.getManager();
        NDArray weight = model.getBlock().getParameters().get("weight").getArray();
        sgd.setMask(model.getBlock().getParameters().get("weight").getId(),
            manager.create(mask).reshape(1, 3));
        weight.muli(manager.create(mask).reshape(1, 3));
        w[1] = 0;
        for (int step = 0; step < 3; step++) {
          lr = rates[step];
          sgd.setLearningRate(lr);
          try (GradientCollector collector = trainer.newGradientCollector()) {
            flat.zeroGradients();
            NDArray pred = trainer.forward(new NDList(manager.create(x))).singletonOrThrow();
            collector.backward(trainer.getLoss().evaluate(new NDList(manager.create(y).reshape(4, 1)),
                new NDList(pred)));
          }
          sgd.step();
          double[] g = new double[3];
          for (int b = 0; b < 4; b++) {
            double p = w[0] * x[b][0] + w[1] * x[b][1] + w[2] * x[b][2];
            for (int k = 0; k < 3; k++) {
              g[k] += (p - y[b]) * x[b][k] / 4.0;
            }
          }
          for (int k = 0; k < 3; k++) {
            double d = g[k] + wd * w[k];
            buf[k] = step == 0 ? d : mu * buf[k] + d;
            d = d + mu * buf[k];
            w[k] = (w[k] - lr * d) * mask[k];
          }
          float[] actual = weight.toFloatArray();
          for (int k = 0; k < 3; k++) {
            assertThat("step " + step + " w" + k, (double) actual[k], closeTo(w[k], 1e-5));
          }
        }
      }
    }
  }
}
