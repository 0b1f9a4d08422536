package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.fullspectrum.analysis.Correlations;
import io.fullspectrum.baselines.MagnitudePruning;
import io.fullspectrum.config.Preset;
import io.fullspectrum.config.TableConfig;
import io.fullspectrum.generators.GlobalTopK;
import io.fullspectrum.nn.Architecture;
import io.fullspectrum.schemas.JsonFiles;
import io.fullspectrum.schemas.MaskSetArrow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lth, eb, itop and table pipelines end to end on tiny synthetic configurations (DirectRunner). */
class StudyPipelinesTest {
  private static final List<String> TINY = List.of("data=synthetic", "data.synthetic.size=128",
      "pretrain.batch.size=16", "finetune.epochs=1", "finetune.batch.size=32", "sparsity=0.9", "seed=2");
  private static final long TOTAL = Architecture.of("fmnist-cnn", 10).totalWeights();

  @TempDir Path dir;

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }

  private Path study(String pipeline, String... extra) throws IOException {
    List<String> args = new ArrayList<>(TINY);
    args.addAll(List.of(extra));
    args.add("output=" + dir.resolve(pipeline));
    return new StudyCommand(Preset.load(pipeline, args, Map.of()), quiet()).run(null);
  }

  @Test
  void lthFineTunesATicketAtTheExactSparsityAndReportsItsCost() throws IOException {
    Path run = study("lth", "lth.rewind.iterations=2", "lth.round.iterations=3");
    int rounds = MagnitudePruning.schedule(TOTAL, 0.9, 0.2).length;
    assertThat(JsonFiles.read(run.resolve("search.json")).get("search_iterations").asLong(),
        equalTo(2L + 3L * rounds));
    assertThat(MaskSetArrow.readFile(run.resolve("masks/lth.arrow")).keptWeights(),
        equalTo(GlobalTopK.keepCount(0.9, TOTAL)));
    assertThat(Files.readAllLines(run.resolve("search.csv")), hasSize(1 + rounds));
    assertThat(Files.readString(run.resolve("results.json")), containsString("\"lth\""));
    assertThat(Files.readString(run.resolve("report.html")), containsString("search_iterations"));
  }

  @Test
  void ebStopsAtItsRuleAndFineTunesTheTicket() throws IOException {
    Path run = study("eb", "eb.check.every=2", "eb.window=1", "eb.threshold=1", "eb.max.iterations=20");
    assertThat(JsonFiles.read(run.resolve("search.json")).get("search_iterations").asLong(), equalTo(4L));
    assertThat(Files.readString(run.resolve("search.csv")), containsString("stopping rule"));
    assertThat(Files.readString(run.resolve("results.json")), containsString("\"eb\""));
  }

  @Test
  void itopScoresAndEvaluatesEverySnapshotAndReportsTheCorrelations() throws IOException {
    Path run = study("itop", "itop.update.every=3", "itop.iterations=9", "score.batch.size=16");
    // The initial mask and one snapshot per update.
    assertThat(Correlations.read(run.resolve("analysis/points.csv")), hasSize(4));
    assertThat(Files.isRegularFile(run.resolve("snapshots/update-003.arrow")), equalTo(true));
    assertThat(Files.readAllLines(run.resolve("analysis/correlations.csv")), hasSize(1 + 5));
    String report = Files.readString(run.resolve("report.html"));
    assertThat(report, containsString("src=\"analysis/landscape-imdb-imsg.png\""));
    assertThat(report, containsString("Pearson r"));
  }

  @Test
  void aTableRunsItsMatrixWritesThePaperFormAndSkipsFinishedRunsWhenStartedAgain() throws IOException {
    List<String> args = new ArrayList<>(TINY.subList(0, TINY.size() - 1)); // seeds come from table.seeds
    args.addAll(List.of("table.generators=random", "table.methods=pai,pags,lth", "table.seeds=0", "samples=2",
        "save.every=1", "score.batches=1", "score.batch.size=16", "lth.rewind.iterations=1",
        "lth.round.iterations=1", "output=" + dir.resolve("table")));
    Preset table = Preset.load("table-fmnist", args, Map.of());
    new TableCommand(table, quiet()).run();
    List<String> md = Files.readAllLines(dir.resolve("table/table.md"));
    assertThat(md.get(0), containsString("Columns comparable with the paper's Tables 1-3"));
    assertThat(md.get(4), containsString("| random | pai |"));
    // finetune.selections=all: both saved selections (after 1 and 2 draws) fine-tuned, each counted.
    assertThat(md.get(5), containsString("| random | pags |"));
    assertThat(md.get(5), containsString("/2 |"));
    assertThat(md.get(6), containsString("| magnitude | lth | — |"));
    List<String> csv = Files.readAllLines(dir.resolve("table/table.csv"));
    assertThat(csv, hasSize(1 + 1 + 2 + 1));
    assertThat(csv.get(2), containsString("pags,random,0,best-1,1,"));
    assertThat(csv.get(3), containsString("pags,random,0,selected,2,"));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    new TableCommand(table, new PrintStream(again, true, StandardCharsets.UTF_8)).run();
    assertThat(again.toString(StandardCharsets.UTF_8), not(containsString("table: run")));
  }

  @Test
  void aTableMethodItDoesNotKnowIsNamed() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TableConfig.from(Preset.load("table-fmnist", List.of("table.methods=pags,snap"), Map.of())));
    assertThat(e.getMessage(), equalTo("table.methods: 'snap' is not one of pai, pags, pegs@K, lth, eb"));
  }
}
