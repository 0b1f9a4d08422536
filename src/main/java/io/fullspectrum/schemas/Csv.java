package io.fullspectrum.schemas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV layer for every table a run writes or reads: a header line, then rows; numbers in Java's shortest
 * exact form with non-finite values written {@code inf}, {@code -inf} and {@code nan} (read back also from Java's
 * {@code Infinity} and {@code NaN}, as files of earlier versions hold them); a cell holding a comma, a quote or a
 * line break is quoted (RFC 4180). Files are written atomically ({@link AtomicFiles}).
 */
public final class Csv {
  private final String[] header;
  private final StringBuilder text = new StringBuilder();

  private Csv(String... header) {
    this.header = header.clone();
    appendRow((Object[]) header);
  }

  /** A new table with these column names. */
  public static Csv withHeader(String... header) {
    return new Csv(header);
  }

  /**
   * Appends a row: doubles and floats as {@link #number}, other cells by {@code toString} (null: empty).
   *
   * @throws IllegalArgumentException when the row has another number of cells than the header
   */
  public Csv row(Object... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException("CSV row of " + cells.length + " cells under a header of "
          + header.length + " (" + String.join(",", header) + ")");
    }
    appendRow(cells);
    return this;
  }

  private void appendRow(Object... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(cell(cells[i]));
    }
    text.append('\n');
  }

  /** The table's text, header first. */
  public String text() {
    return text.toString();
  }

  /** Writes the table atomically (temporary file, then rename). */
  public void write(Path path) throws IOException {
    AtomicFiles.writeString(path, text());
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      return number(((Number) value).doubleValue());
    }
    String s = value.toString();
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** A number as every table writes it: shortest exact form, or {@code inf}, {@code -inf}, {@code nan}. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.toString(v);
  }

  /**
   * Reads a number written by {@link #number} (or by Java's {@code Double.toString}); an empty cell is NaN.
   *
   * @throws NumberFormatException when it is not a number
   */
  public static double parseNumber(String s) {
    String t = s.trim();
    return switch (t) {
      case "inf", "+inf", "Infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
      case "nan", "NaN", "" -> Double.NaN;
      default -> Double.parseDouble(t);
    };
  }

  /**
   * The rows of a table file, header and {@code #} comment lines left out, each split by {@link #cells}; none when
   * the file does not exist.
   */
  public static List<String[]> rows(Path path) throws IOException {
    List<String[]> rows = new ArrayList<>();
    if (!java.nio.file.Files.isRegularFile(path)) {
      return rows;
    }
    List<String> lines = java.nio.file.Files.readAllLines(path, java.nio.charset.StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (!line.isBlank() && !line.startsWith("#")) {
        rows.add(cells(line).toArray(new String[0]));
      }
    }
    return rows;
  }

  /** Splits one line into its cells, undoing the quoting {@link #row} applies. */
  public static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
