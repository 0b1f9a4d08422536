package io.fullspectrum.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskSetArrowFileTest {
  @TempDir Path dir;

  @Test
  void aMaskSetSurvivesAnArrowIpcFileUnchanged() throws IOException {
    MaskSet set = MaskSetFixtures.sample(11);
    Path file = dir.resolve("masks.arrow");
    MaskSetArrow.writeFile(set, file);
    assertThat(MaskSetArrow.readFile(file), equalTo(set));
  }

  @Test
  void anIndependentJavaScriptReaderSeesTheSameValues() throws Exception {
    MaskSet set = MaskSetFixtures.sample(13);
    Path file = dir.resolve("for-js.arrow");
    MaskSetArrow.writeFile(set, file);

    Path script = Paths.get("schemas", "js", "read-mask-set.mjs").toAbsolutePath();
    Process node = new ProcessBuilder("node", script.toString(), file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String json = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat("node exited", node.waitFor(60, TimeUnit.SECONDS), equalTo(true));
    assertThat("node exit code (is `npm ci --prefix schemas/js` done?)", node.exitValue(), equalTo(0));

    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.get("metadata").get(MaskSetArrow.META_GENERATOR).asText(), equalTo("snip"));
    assertThat(root.get("metadata").get(MaskSetArrow.META_SEED).asText(), equalTo("13"));
    assertThat(root.get("metadata").get(MaskSetArrow.META_SAMPLE_INDEX).asText(), equalTo("17"));
    assertThat(root.get("layers").size(), equalTo(set.layers().size()));
    for (int i = 0; i < set.layers().size(); i++) {
      LayerRecord expected = set.layers().get(i);
      JsonNode layer = root.get("layers").get(i);
      assertThat(layer.get("layer").asText(), equalTo(expected.name()));
      int[] shape = new int[layer.get("shape").size()];
      for (int k = 0; k < shape.length; k++) {
        shape[k] = layer.get("shape").get(k).asInt();
      }
      assertThat(shape, equalTo(expected.shape()));
      byte[] mask = new byte[layer.get("mask").size()];
      for (int k = 0; k < mask.length; k++) {
        mask[k] = (byte) layer.get("mask").get(k).asInt();
      }
      assertThat(mask, equalTo(expected.mask()));
      if (expected.weights() == null) {
        assertThat(layer.get("weights").isNull(), equalTo(true));
      } else {
        float[] weights = new float[layer.get("weights").size()];
        for (int k = 0; k < weights.length; k++) {
          weights[k] = (float) layer.get("weights").get(k).asDouble();
        }
        assertThat(Arrays.equals(weights, expected.weights()), equalTo(true));
      }
    }
  }

  @Test
  void aTruncatedFileIsRejectedWithItsName() throws IOException {
    Path file = dir.resolve("cut.arrow");
    MaskSetArrow.writeFile(MaskSetFixtures.sample(1), file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    IOException e = assertThrows(IOException.class, () -> MaskSetArrow.readFile(file));
    assertThat(e.getMessage(), containsString(file.toString()));
    assertThat(e.getMessage(), containsString("not a readable FullSpectrum mask set"));
  }

  @Test
  void aMissingFileIsRejectedWithItsName() {
    Path file = dir.resolve("absent.arrow");
    IOException e = assertThrows(IOException.class, () -> MaskSetArrow.readFile(file));
    assertThat(e.getMessage(), containsString(file.toString()));
  }

  @Test
  void thePublishedSchemaFileMatchesTheCode() throws IOException {
    String published = Files.readString(Paths.get("schemas", "mask_set.schema.json"), StandardCharsets.UTF_8);
    assertThat(new ObjectMapper().readTree(published),
        equalTo(new ObjectMapper().readTree(MaskSetArrow.layout().toJson())));
  }
}
