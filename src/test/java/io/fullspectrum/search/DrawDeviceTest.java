package io.fullspectrum.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fullspectrum.config.Preset;
import io.fullspectrum.config.SamplerConfig;
import io.fullspectrum.generators.GeneratorInput;
import io.fullspectrum.generators.Generators;
import io.fullspectrum.generators.MaskGenerator;
import io.fullspectrum.nn.data.DataSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where draws run: {@code draw.device} (empty: where training runs), and the CPU for a generator whose GPU draws do
 * not repeat, since a selection's sources are drawn again.
 */
class DrawDeviceTest {
  /** A generator that says its GPU draws do not repeat (registered once for this JVM). */
  static final String UNREPEATABLE = "test-unrepeatable-on-gpu";

  static {
    Generators.register(UNREPEATABLE, o -> new MaskGenerator() {
      @Override
      public String name() {
        return UNREPEATABLE;
      }

      @Override
      public boolean repeatsOnGpu() {
        return false;
      }

      @Override
      public List<byte[]> generate(GeneratorInput input, double sparsity, long seed) {
        throw new UnsupportedOperationException("not drawn in this test");
      }
    });
  }

  private static MaskSampler sampler(String generator) {
    return new MaskSampler(generator, 0.9, 1, new DataSpec("synthetic", "", 64), 1, 8);
  }

  @Test
  void aGeneratorThatRepeatsOnAGpuDrawsThere() {
    assertThat(sampler("snip").onDevice("gpu").drawDevice(), equalTo("gpu"));
    assertThat(sampler("grasp").onDevice("gpu+cudnn-benchmark").drawDevice(), equalTo("gpu+cudnn-benchmark"));
  }

  @Test
  void aGeneratorThatDoesNotRepeatOnAGpuFallsBackToTheCpuAlone() {
    assertThat(sampler(UNREPEATABLE).onDevice("gpu").drawDevice(), equalTo("cpu"));
    assertThat(sampler("snip").onDevice("gpu").drawDevice(), equalTo("gpu"));
  }

  @Test
  void drawsRunOnTheCpuUnlessTold() {
    assertThat(sampler("grasp").drawDevice(), equalTo("cpu"));
  }

  @Test
  void anEmptyDrawDeviceFollowsTheTrainingDevice() throws IOException {
    Preset p = Preset.load("pegs", List.of("device=gpu"), Map.of());
    assertThat(SamplerConfig.drawDevice(p), equalTo("gpu"));
  }

  @Test
  void drawDeviceCpuKeepsDrawsOnTheCpuWhereTrainingIsOnAGpu() throws IOException {
    Preset p = Preset.load("pegs", List.of("device=gpu", "draw.device=cpu"), Map.of());
    assertThat(SamplerConfig.drawDevice(p), equalTo("cpu"));
  }

  @Test
  void anUnknownDrawDeviceIsNamed() throws IOException {
    Preset p = Preset.load("pegs", List.of("draw.device=tpu"), Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamplerConfig.drawDevice(p));
    assertThat(e.getMessage(), containsString("draw.device=tpu is not one of cpu, gpu, gpu+cudnn-benchmark"));
  }
}
