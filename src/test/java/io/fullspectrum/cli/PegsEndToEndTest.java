package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fullspectrum.config.Preset;
import io.fullspectrum.runs.ResultRow;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pegs pipeline on a tiny synthetic configuration, on the DirectRunner and on embedded Flink. */
class PegsEndToEndTest {
  @TempDir static Path dir;
  static Path direct;
  static Path flink;
  static Path flinkSerial;

  private static Path run(String runner, int parallelism) throws IOException {
    Path out = dir.resolve(runner + "-" + parallelism);
    List<String> args = new ArrayList<>(List.of("data=synthetic", "data.synthetic.size=256", "samples=6",
        "save.every=3", "pretrain.iterations=3", "pretrain.batch.size=16", "finetune.epochs=1",
        "finetune.batch.size=32", "score.batches=2", "score.batch.size=16", "sparsity=0.95", "seed=5",
        "finetune.selections=all", "finetune.validation=0.25", "runner=" + runner, "parallelism=" + parallelism, "output=" + out));
    Preset preset = Preset.load("pegs", args, Map.of());
    return new PagsCommand(preset, new PrintStream(OutputStream.nullOutputStream())).run();
  }

  @BeforeAll
  static void runBoth() throws IOException {
    direct = run("direct", 0);
    flink = run("flink-local", 2);
    flinkSerial = run("flink-local", 1);
  }

  @Test
  void directAndFlinkAtAnyParallelismSelectByteIdenticalMasksAndScores() throws IOException {
    for (Path other : List.of(flink, flinkSerial)) {
      for (String file : List.of("best.arrow", "masks/baseline.arrow", "masks/best-3.arrow", "masks/best-6.arrow",
          "finetuned-selected.arrow", "finetuned-best-3.arrow", "samples.csv", "results.json", "results.csv",
          "finetune.csv")) {
        assertThat(other + " " + file, Files.readAllBytes(other.resolve(file)),
            equalTo(Files.readAllBytes(direct.resolve(file))));
      }
    }
  }

  @Test
  void theSelectedAndBaselineMasksKeepExactlyTheTargetBudget() throws IOException {
    long keep = io.fullspectrum.generators.GlobalTopK.keepCount(0.95,
        io.fullspectrum.nn.Architecture.of("fmnist-cnn", 10).totalWeights());
    for (String file : List.of("best.arrow", "masks/baseline.arrow", "masks/best-3.arrow")) {
      MaskSet set = MaskSetArrow.readFile(direct.resolve(file));
      assertThat(file, set.keptWeights(), equalTo(keep));
    }
  }

  @Test
  void theRunFolderHoldsEveryOutputAndAReport() throws IOException {
    for (String file : List.of("preset.properties", "samples.csv", "distance.csv", "finetune.csv", "results.json",
        "report.html", "finetuned-baseline.arrow", "finetuned-selected.arrow")) {
      assertThat(file, Files.isRegularFile(direct.resolve(file)), equalTo(true));
    }
    assertThat(Files.readAllLines(direct.resolve("distance.csv")).size(), equalTo(1 + 7));
    assertThat(Files.readString(direct.resolve("results.json")), containsString("\"selected\""));
    assertThat(Files.readString(direct.resolve("report.html")), containsString("<svg"));
    assertThat(Files.readString(direct.resolve("preset.properties")), containsString("samples=6"));
  }

  @Test
  void eachSavedMaskHasItsLayersDensitiesBesideIt() throws IOException {
    MaskSet set = MaskSetArrow.readFile(direct.resolve("masks/best-3.arrow"));
    List<String> lines = Files.readAllLines(direct.resolve("masks/best-3.layers.csv"));
    assertThat(lines.get(0), equalTo("layer,kept,weights,density,kept_per_output"));
    assertThat(lines.size(), equalTo(1 + set.layers().size()));
    long kept = 0;
    for (int l = 0; l < set.layers().size(); l++) {
      String[] cells = lines.get(1 + l).split(",");
      io.fullspectrum.schemas.LayerRecord r = set.layers().get(l);
      long k = 0;
      for (byte b : r.mask()) {
        k += b;
      }
      assertThat(cells[0], equalTo(r.name()));
      assertThat(r.name(), Long.parseLong(cells[1]), equalTo(k));
      assertThat(r.name(), Double.parseDouble(cells[3]), equalTo((double) k / r.numel()));
      kept += k;
    }
    assertThat(kept, equalTo(set.keptWeights()));
  }

  @Test
  void everySavedSelectionIsFineTunedAndReportedWithItsValidationChosenEpoch() throws IOException {
    List<String> rows = Files.readAllLines(direct.resolve("results.csv"));
    assertThat(rows.get(0), equalTo(ResultRow.HEADER));
    List<String> masks = new ArrayList<>();
    for (String line : rows.subList(1, rows.size())) {
      ResultRow r = ResultRow.parse("results.csv", line);
      masks.add(r.mask() + "@" + r.draws());
      // A validation split was held out (25% of 256 images): its accuracy is a multiple of 1/64.
      assertThat(line, r.validationAccuracy() * 64, equalTo(Math.rint(r.validationAccuracy() * 64)));
      assertThat(line, Double.isNaN(r.distance()), equalTo(false));
    }
    assertThat(masks, equalTo(List.of("baseline@0", "best-3@3", "selected@6")));
    String report = Files.readString(direct.resolve("report.html"));
    // Three masks: bars, one group a mask, and the headline of selected against baseline.
    assertThat(report, containsString("Test accuracy of each mask"));
    for (String mask : masks) {
      assertThat(report, containsString("<title>" + mask.substring(0, mask.indexOf('@')) + " test accuracy: "));
    }
    assertThat(report, containsString("baseline (the generator's own mask)"));
    assertThat(report, containsString("Per layer: baseline and selected"));
  }
}
