package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Gradient scopes are per thread: two threads take gradients at the same time (DJL's collector refuses that). */
class ThreadGradientsTest {

  /** d(sum(w . x))/dw = x, taken while {@code bothOpen} shows that the other thread's scope is open too. */
  private static float[] gradient(float[] x, CountDownLatch bothOpen) throws InterruptedException {
    try (Model model = Model.newInstance("g" + x[0], "PyTorch")) {
      model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
      model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, x.length));
      try (ThreadGradients scope = new ThreadGradients()) {
        bothOpen.countDown();
        assertThat("the other thread's scope opened", bothOpen.await(30, TimeUnit.SECONDS), equalTo(true));
        NDArray out = model.getBlock().forward(new ParameterStore(model.getNDManager(), false),
            new NDList(model.getNDManager().create(x).reshape(1, x.length)), true).singletonOrThrow();
        scope.backward(out.sum());
      }
      return model.getBlock().getParameters().get("weight").getArray().getGradient().toFloatArray();
    }
  }

  @Test
  void twoThreadsTakeGradientsWithTheirScopesOpenAtOnce() throws Exception {
    CountDownLatch bothOpen = new CountDownLatch(2);
    CompletableFuture<float[]> a = CompletableFuture.supplyAsync(() -> {
      try {
        return gradient(new float[] {1, 2, 3}, bothOpen);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    float[] b = gradient(new float[] {4, 5, 6}, bothOpen);
    assertThat(a.get(60, TimeUnit.SECONDS), equalTo(new float[] {1, 2, 3}));
    assertThat(b, equalTo(new float[] {4, 5, 6}));
  }
}
