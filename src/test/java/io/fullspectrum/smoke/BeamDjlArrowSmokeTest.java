package io.fullspectrum.smoke;

import io.fullspectrum.records.LayerRecordCoder;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.testing.OnEmbeddedFlink;
import io.fullspectrum.testing.TestPipelineExtension;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Beam, DJL and Arrow in one JVM: a DJL DoFn emits Arrow-coded layer records on Direct and on Flink. */
@ExtendWith(TestPipelineExtension.class)
class BeamDjlArrowSmokeTest {

  private static void buildDag(Pipeline p) {
    PCollection<LayerRecord> layers = p.apply(Create.of(1, 2, 3))
        .apply("djl", ParDo.of(new LayerFromSeedFn()))
        .setCoder(LayerRecordCoder.of())
        .apply(Reshuffle.viaRandomKey());
    PAssert.that(layers).containsInAnyOrder(
        LayerFromSeedFn.expected(1), LayerFromSeedFn.expected(2), LayerFromSeedFn.expected(3));
  }

  @Test
  void theDirectRunnerCarriesDjlLayersArrowEncoded(TestPipeline pipeline) {
    buildDag(pipeline);
    pipeline.run().waitUntilFinish();
  }

  @Test
  @OnEmbeddedFlink
  void theEmbeddedFlinkClusterCarriesDjlLayersArrowEncoded(TestPipeline pipeline) {
    buildDag(pipeline);
    pipeline.run().waitUntilFinish();
  }
}
