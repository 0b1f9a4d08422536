package io.fullspectrum.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a {@link TestPipelineExtension} test whose pipeline runs on Flink's embedded cluster, not Direct. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnEmbeddedFlink {
  /** Flink parallelism. */
  int parallelism() default 2;
}
