package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.fullspectrum.config.Preset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run's report.html opened in a real headless browser (Chromium, which the README's test command installs):
 * it renders every figure and table, and the browser logs no console message.
 */
class ReportInBrowserTest {
  @TempDir static Path dir;
  static Path report;

  @BeforeAll
  static void run() throws IOException {
    Path out = dir.resolve("run");
    new PagsCommand(Preset.load("pegs", List.of("data=synthetic", "data.synthetic.size=256", "samples=6",
        "save.every=3", "pretrain.iterations=3", "pretrain.batch.size=16", "finetune.epochs=2",
        "finetune.batch.size=32", "score.batches=2", "score.batch.size=16", "sparsity=0.95", "seed=5",
        "finetune.selections=all", "finetune.validation=0.25", "output=" + out), Map.of()),
        new PrintStream(OutputStream.nullOutputStream())).run();
    report = out.resolve("report.html");
  }

  /** Chromium headless on the report; its output (the DOM, or the log) and the exit status. */
  private static String chromium(String... args) throws Exception {
    String binary = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
    List<String> command = new ArrayList<>(List.of(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0"));
    command.addAll(List.of(args));
    command.add(report.toUri().toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat("chromium finished", p.waitFor(120, TimeUnit.SECONDS), equalTo(true));
    return out;
  }

  @Test
  void theBrowserRendersEveryFigureAndTableOfTheReport() throws Exception {
    String dom = chromium("--dump-dom");
    String html = Files.readString(report);
    assertThat("every figure of the file is in the rendered page", count(dom, "<svg"), equalTo(count(html, "<svg")));
    assertThat(count(dom, "<svg"), greaterThan(3));
    assertThat(count(dom, "<table"), equalTo(count(html, "<table")));
    assertThat(count(dom, "<table"), greaterThan(1));
  }

  @Test
  void theRenderedPageShowsItsBarsAndLinesInColour() throws Exception {
    Path png = dir.resolve("report.png");
    chromium("--screenshot=" + png, "--window-size=1100,3600", "--hide-scrollbars");
    BufferedImage image = ImageIO.read(png.toFile());
    int blue = 0;
    int red = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        blue += rgb == 0x1f5fa8 ? 1 : 0;
        red += rgb == 0xc8553d ? 1 : 0;
      }
    }
    assertThat("pixels of the first series' colour (bars, lines)", blue, greaterThan(1000));
    assertThat("pixels of the second series' colour", red, greaterThan(1000));
  }

  @Test
  void theBrowserLogsNoConsoleMessage() throws Exception {
    List<String> console = chromium("--dump-dom").lines()
        .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Failed to load resource"))
        .toList();
    assertThat(console, empty());
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
