package io.fullspectrum.testing;

import java.lang.reflect.Method;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Runs a JUnit 5 test inside Beam's {@link TestPipeline} rule, so that its enforcement (every pipeline is run,
 * every PAssert is checked) holds as it does under JUnit 4. The test takes a {@code TestPipeline} parameter.
 */
public final class TestPipelineExtension implements ParameterResolver, InvocationInterceptor {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestPipelineExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPipeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return pipelineOf(context);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    TestPipeline pipeline = pipelineOf(context);
    Description description =
        Description.createTestDescription(context.getRequiredTestClass(), context.getRequiredTestMethod().getName());
    pipeline.apply(
        new Statement() {
          @Override
          public void evaluate() throws Throwable {
            invocation.proceed();
          }
        },
        description).evaluate();
  }

  private static TestPipeline pipelineOf(ExtensionContext context) {
    return context.getStore(NS).getOrComputeIfAbsent("pipeline", k -> create(context), TestPipeline.class);
  }

  private static TestPipeline create(ExtensionContext context) {
    OnEmbeddedFlink flink = context.getRequiredTestMethod().getAnnotation(OnEmbeddedFlink.class);
    if (flink == null) {
      return TestPipeline.create().enableAbandonedNodeEnforcement(true);
    }
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(flink.parallelism());
    return TestPipeline.fromOptions(options).enableAbandonedNodeEnforcement(true);
  }
}
