package io.fullspectrum.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Writes the published, language-neutral schema files under {@code schemas/} from the code's layouts. */
public final class SchemaFiles {
  private SchemaFiles() {}

  /** The mask-set layout as pretty-printed Arrow schema JSON. */
  public static String maskSetJson() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(MaskSetArrow.layout().toJson()))
        + "\n";
  }

  /** Usage: {@code SchemaFiles [DIR]} (default {@code schemas}). */
  public static void main(String[] args) throws IOException {
    Path dir = Paths.get(args.length > 0 ? args[0] : "schemas");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("mask_set.schema.json"), maskSetJson(), StandardCharsets.UTF_8);
  }
}
