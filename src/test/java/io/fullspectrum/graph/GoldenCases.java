package io.fullspectrum.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullspectrum.schemas.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The golden cases of {@code src/test/resources/golden} (see its PROVENANCE.md), loaded from the classpath. */
final class GoldenCases {
  private GoldenCases() {}

  /** One layer case: its inputs and the authors' official values. */
  record Case(String name, int[] shape, float[] weights, byte[] mask, double dr, double drImdb, double lambda,
      double lambdaImsg, double magnitude) {
    @Override
    public String toString() {
      return name;
    }
  }

  static JsonNode json() {
    try (InputStream in = resource("golden.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (JsonNode c : json().get("cases")) {
      JsonNode official = c.get("official");
      int[] shape = new int[c.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = c.get("shape").get(i).asInt();
      }
      out.add(new Case(c.get("case").asText(), shape, array(c.get("weight_file").asText()).toFloats(),
          array(c.get("mask_file").asText()).toMask(), number(official.get("delta_r")),
          number(official.get("delta_r_imdb")), number(official.get("lambda")),
          number(official.get("lambda_imsg")), number(official.get("full_spectrum_magnitude"))));
    }
    return out;
  }

  static NpyArray array(String file) {
    try (InputStream in = resource(file)) {
      return NpyArray.read(in, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double number(JsonNode node) {
    return node.isTextual() ? Double.parseDouble(node.asText().replace("inf", "Infinity")) : node.asDouble();
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = GoldenCases.class.getResourceAsStream("/golden/" + name);
    if (in == null) {
      throw new IOException("missing test resource golden/" + name);
    }
    return in;
  }
}
