package io.fullspectrum.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run folder's JSON files ({@code results.json}, {@code search.json}) and Flink's REST answers, through one
 * Jackson mapper: written with keys in the order given (so equal runs write equal bytes), NaN and infinities as
 * strings (valid JSON), read back as trees with one-line errors naming the file.
 */
public final class JsonFiles {
  public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  /** The value as JSON text, one key per line. */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes the value to {@code path} atomically. */
  public static void write(Path path, Object value) {
    try {
      AtomicFiles.writeString(path, text(value));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(path + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads a JSON file.
   *
   * @throws IOException one line naming the file when it is missing or not JSON
   */
  public static JsonNode read(Path path) throws IOException {
    try {
      return MAPPER.readTree(Files.readString(path));
    } catch (JsonProcessingException e) {
      throw new IOException(path + ": not JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  /** Parses JSON text from {@code source} (a URL, in messages). */
  public static JsonNode parse(String text, String source) throws IOException {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IOException(source + ": not JSON (" + e.getOriginalMessage() + ")", e);
    }
  }
}
