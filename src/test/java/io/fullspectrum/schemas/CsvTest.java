package io.fullspectrum.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one CSV layer: one number format, quoting, atomic files. */
class CsvTest {
  @TempDir Path dir;

  @Test
  void nonFiniteNumbersAreWrittenInfMinusInfAndNan() {
    String text = Csv.withHeader("a", "b", "c", "d").row(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, 0.1f).text();
    assertThat(text, equalTo("a,b,c,d\ninf,-inf,nan,0.10000000149011612\n"));
  }

  @Test
  void numbersAreReadBackExactlyInEitherSpellingOfInfinity() {
    assertThat(Csv.parseNumber(Csv.number(0.1 + 0.2)), equalTo(0.1 + 0.2));
    assertThat(Csv.parseNumber("inf"), equalTo(Double.POSITIVE_INFINITY));
    assertThat(Csv.parseNumber("Infinity"), equalTo(Double.POSITIVE_INFINITY));
    assertThat(Csv.parseNumber("-Infinity"), equalTo(Double.NEGATIVE_INFINITY));
    assertThat(Double.isNaN(Csv.parseNumber("")), equalTo(true));
  }

  @Test
  void aCellWithACommaOrQuoteIsQuotedAndSplitBack() {
    String text = Csv.withHeader("layer", "n").row("conv,\"a\"", 3).text();
    String line = text.split("\n")[1];
    assertThat(line, equalTo("\"conv,\"\"a\"\"\",3"));
    assertThat(Csv.cells(line), contains("conv,\"a\"", "3"));
  }

  @Test
  void aRowOfAnotherWidthThanTheHeaderIsRefusedNamingTheHeader() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Csv.withHeader("a", "b").row(1));
    assertThat(e.getMessage(), equalTo("CSV row of 1 cells under a header of 2 (a,b)"));
  }

  @Test
  void rowsLeaveOutTheHeaderAndCommentLines() throws IOException {
    Path file = dir.resolve("t.csv");
    Csv.withHeader("x", "y").row(1, 2.5).row("z", Double.NaN).write(file);
    Files.writeString(file, Files.readString(file) + "# a note\n");
    List<String[]> rows = Csv.rows(file);
    assertThat(rows.size(), equalTo(2));
    assertThat(List.of(rows.get(1)), contains("z", "nan"));
  }
}
