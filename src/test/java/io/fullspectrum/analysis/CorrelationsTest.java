package io.fullspectrum.analysis;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelationsTest {
  @TempDir Path dir;

  private static List<Observation> points() {
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // accuracy rises with dr, falls with lambda, and is unrelated to nothing else in particular
      out.add(new Observation("m" + i, 0.5 + 0.05 * i, 1 + i, 2 + 0.5 * i, 10 - 2 * i, 3 + (i % 2),
          Math.sqrt(i)));
    }
    return out;
  }

  @Test
  void accuracyCorrelatesWithEachMetricAsThePointsSay() {
    Map<String, Double> r = Correlations.of(points());
    assertThat(r.get("dr"), closeTo(1, 1e-12));
    assertThat(r.get("lambda"), closeTo(-1, 1e-12));
    double[] x = new double[6];
    double[] y = new double[6];
    for (int i = 0; i < 6; i++) {
      x[i] = Math.sqrt(i);
      y[i] = 0.5 + 0.05 * i;
    }
    assertThat(r.get("distance"), closeTo(Pearson.of(x, y), 1e-15));
  }

  @Test
  void theAnalysisWritesReadableFiguresAndAPointsFileThatReadsBack() throws IOException {
    Correlations.write(points(), dir);
    for (String png : List.of("accuracy-vs-dr.png", "accuracy-vs-lambda.png", "accuracy-vs-distance.png",
        "landscape-imdb-imsg.png", "landscape-dr-lambda.png")) {
      BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
      assertThat(png, image.getWidth(), equalTo(640));
    }
    List<Observation> back = Correlations.read(dir.resolve("points.csv"));
    assertThat(back, equalTo(points()));
    assertThat(Files.readAllLines(dir.resolve("correlations.csv")).get(1), equalTo("dr,1.0,6"));
  }

  @Test
  void aPointsFileWithABadValueNamesTheLineAndField() throws IOException {
    Path f = dir.resolve("mine.csv");
    Files.writeString(f, Observation.CSV_HEADER + "\na,0.9,1,2,x,4,5\n");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Correlations.read(f));
    assertThat(e.getMessage(), equalTo(f + " line 2: field lambda is 'x', not a number"));
  }

  @Test
  void aPointWhoseLayerFailedTheDegreeGateReadsBackAsInfinity() throws IOException {
    Path f = dir.resolve("gate.csv");
    Files.writeString(f, Observation.CSV_HEADER + "\na,0.9,inf,2,-inf,4,5\n");
    Observation back = Correlations.read(f).get(0);
    assertThat(back.metric("dr"), equalTo(Double.POSITIVE_INFINITY));
    assertThat(back.metric("lambda"), equalTo(Double.NEGATIVE_INFINITY));
  }
}
