package io.fullspectrum.smoke;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** The PyTorch engine loads offline from the Maven jars and trains: forward, backward and one SGD step. */
class DjlTrainingSmokeTest {

  @Test
  void theEngineIsPyTorchLoadedFromMavenNatives() {
    assertThat(Engine.getInstance().getEngineName(), equalTo("PyTorch"));
  }

  @Test
  void oneSgdStepMovesTheWeightsByTheAnalyticGradient() throws Exception {
    float lr = 0.1f;
    float[][] x = {{1, 2, 3}, {0, -1, 2}, {2, 0, -1}, {1, 1, 1}};
    float[] y = {1, -2, 0.5f, 3};
    float w0 = 0.25f;
    try (Model model = Model.newInstance("smoke", "PyTorch")) {
      model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
          .optInitializer(new ConstantInitializer(w0), Parameter.Type.WEIGHT)
          .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(4, 3));
        NDManager manager = trainer.getManager();
        NDArray input = manager.create(x);
        NDArray label = manager.create(y).reshape(4, 1);
        float lossBefore;
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray pred = trainer.forward(new NDList(input)).singletonOrThrow();
          NDArray loss = trainer.getLoss().evaluate(new NDList(label), new NDList(pred));
          lossBefore = loss.getFloat();
          collector.backward(loss);
        }
        trainer.step();

        // DJL's L2 loss is mean(0.5 * (pred - y)^2), so dL/dw_k = mean((pred - y) * x_k).
        float[] expected = new float[3];
        for (int k = 0; k < 3; k++) {
          double grad = 0;
          for (int b = 0; b < 4; b++) {
            double pred = w0 * (x[b][0] + x[b][1] + x[b][2]);
            grad += (pred - y[b]) * x[b][k] / 4.0;
          }
          expected[k] = (float) (w0 - lr * grad);
        }
        float[] actual = model.getBlock().getParameters().get("weight").getArray().toFloatArray();
        for (int k = 0; k < 3; k++) {
          assertThat((double) actual[k], closeTo(expected[k], 1e-5));
        }
        NDArray pred = trainer.evaluate(new NDList(input)).singletonOrThrow();
        float lossAfter = trainer.getLoss().evaluate(new NDList(label), new NDList(pred)).getFloat();
        assertThat(lossAfter, lessThan(lossBefore));
      }
    }
  }
}
