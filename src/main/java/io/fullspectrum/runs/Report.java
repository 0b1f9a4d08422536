package io.fullspectrum.runs;

import io.fullspectrum.config.Preset;
import io.fullspectrum.schemas.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's one-page {@code report.html}, built from the files the run wrote, as a result page: a headline (selected
 * against baseline accuracy), the fine-tuned masks at a reader's precision, one named definition per quantity, charts
 * that suit their points (bars for a few masks, lines for many draws), a per-layer view of the baseline and the
 * selection, and the fine-tuning curves. Inline SVG and CSS only: no script, nothing fetched.
 */
final class Report {
  private static final String[] COLOURS = {"#1f5fa8", "#c8553d", "#2a9d55", "#8a5cb8", "#b8860b", "#4a7a8c"};
  private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;"
      + "color:#222;padding:0 1em}h1{margin-bottom:.2em}.sub{color:#555;margin-top:0}"
      + ".headline{display:flex;gap:1.5em;margin:1.5em 0}.card{border:1px solid #ddd;border-radius:8px;"
      + "padding:.8em 1.2em;min-width:10em}.card .v{font-size:2em;font-weight:600}.card .k{color:#555}"
      + ".up{color:#2a9d55}.down{color:#c8553d}table{border-collapse:collapse;margin:.5em 0}"
      + "td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}th{background:#f4f4f4}"
      + "td:first-child,th:first-child{text-align:left}svg{background:#fcfcfc;border:1px solid #e4e4e4}"
      + "dt{font-weight:600;margin-top:.5em}dd{margin-left:1.5em;color:#333}";

  private Report() {}

  static Path write(Path folder, Preset preset, double seconds) throws IOException {
    Map<String, String> v = preset.values();
    List<ResultRow> tuned = new ArrayList<>();
    for (String[] r : Csv.rows(folder.resolve("results.csv"))) {
      tuned.add(ResultRow.parse("results.csv", r));
    }
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FullSpectrum ")
        .append(esc(preset.pipeline())).append(" run</title><style>").append(STYLE).append("</style></head><body>");
    html.append("<h1>FullSpectrum: ").append(esc(preset.pipeline())).append("</h1>");
    html.append("<p class=\"sub\">").append(esc(summary(v, seconds))).append("</p>");
    headline(html, tuned);
    if (!tuned.isEmpty()) {
      masks(html, tuned);
      accuracyChart(html, tuned);
    }
    search(html, folder);
    layers(html, folder, tuned);
    curves(html, folder);
    if (Files.isRegularFile(folder.resolve("search.json"))) {
      html.append("<h2>Search cost</h2><pre>").append(esc(Files.readString(folder.resolve("search.json"))))
          .append("</pre>");
    }
    appendAnalysis(html, folder);
    definitions(html);
    html.append("<h2>Preset</h2><details><summary>every key of this run</summary><pre>");
    v.forEach((k, val) -> html.append(esc(k)).append('=').append(esc(val)).append('\n'));
    html.append("</pre></details></body></html>\n");
    Path out = folder.resolve("report.html");
    RunOutputs.writeAtomically(out, html.toString());
    return out;
  }

  /** One line: the network, data, generator, sparsity, draws, pre-training and wall time. */
  private static String summary(Map<String, String> v, double seconds) {
    List<String> parts = new ArrayList<>();
    String model = v.getOrDefault("model", "").trim();
    parts.add((model.isEmpty() ? v.getOrDefault("architecture", "?") : model) + " on " + v.getOrDefault("data", "?"));
    if (v.containsKey("generator")) {
      parts.add(v.get("generator") + " masks at " + percent(Csv.parseNumber(v.getOrDefault("sparsity", "NaN")))
          + " sparsity");
    }
    if (v.containsKey("samples")) {
      parts.add("n = " + v.get("samples") + " draws (saved every " + v.get("save.every") + ")");
    }
    String pre = v.getOrDefault("pretrain.iterations", "0").trim();
    if (!pre.isEmpty() && !pre.equals("0")) {
      parts.add("pre-trained " + pre + " iterations");
    }
    parts.add(String.format(Locale.ROOT, "%.0f s", seconds));
    return String.join(" · ", parts);
  }

  /** The selected mask's test accuracy against the baseline's, and the difference. */
  private static void headline(StringBuilder html, List<ResultRow> tuned) {
    ResultRow base = find(tuned, "baseline");
    ResultRow selected = find(tuned, "selected");
    if (base == null && selected == null) {
      return;
    }
    html.append("<div class=\"headline\">");
    if (selected != null) {
      card(html, "selected mask", percent(selected.testAccuracy()), "");
    }
    if (base != null) {
      card(html, "baseline (the generator's own mask)", percent(base.testAccuracy()), "");
    }
    if (base != null && selected != null) {
      double d = 100 * (selected.testAccuracy() - base.testAccuracy());
      card(html, "difference", String.format(Locale.ROOT, "%+.2f points", d), d > 0 ? "up" : d < 0 ? "down" : "");
    }
    html.append("</div><p>Test accuracy at the epoch the held-out validation split picks (see Definitions).</p>");
  }

  private static void card(StringBuilder html, String key, String value, String tone) {
    html.append("<div class=\"card\"><div class=\"v ").append(tone).append("\">").append(esc(value))
        .append("</div><div class=\"k\">").append(esc(key)).append("</div></div>");
  }

  private static ResultRow find(List<ResultRow> rows, String mask) {
    return rows.stream().filter(r -> r.mask().equals(mask)).findFirst().orElse(null);
  }

  private static void masks(StringBuilder html, List<ResultRow> tuned) {
    html.append("<h2>Fine-tuned masks</h2><table><tr><th>mask</th><th>draws seen</th><th>sparsity</th>"
        + "<th>effective sparsity</th><th>distance</th><th>chosen epoch</th><th>test accuracy</th>"
        + "<th>best test accuracy (paper-style)</th></tr>");
    for (ResultRow r : tuned) {
      html.append("<tr><td>").append(esc(r.mask())).append("</td><td>").append(r.draws()).append("</td><td>")
          .append(fixed(r.achievedSparsity(), 4)).append("</td><td>").append(fixed(r.effectiveSparsity(), 4))
          .append("</td><td>").append(fixed(r.distance(), 3)).append("</td><td>").append(r.chosenEpoch())
          .append("</td><td>").append(percent(r.testAccuracy())).append("</td><td>")
          .append(percent(r.bestTestAccuracy())).append("</td></tr>");
    }
    html.append("</table>");
  }

  /** Bars for a few masks; for many (a search's every selection), accuracy against draws seen and distance. */
  private static void accuracyChart(StringBuilder html, List<ResultRow> tuned) {
    if (tuned.size() <= 6) {
      List<String> labels = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      for (ResultRow r : tuned) {
        labels.add(r.mask());
        values.add(new double[] {100 * r.testAccuracy(), 100 * r.bestTestAccuracy()});
      }
      html.append("<h2>Test accuracy of each mask</h2>").append(Charts.bars(labels, values,
          List.of("test accuracy", "best test accuracy (paper-style)"), "test accuracy, %"));
      return;
    }
    Map<String, List<double[]>> byDraws = new LinkedHashMap<>();
    Map<String, List<double[]>> byDistance = new LinkedHashMap<>();
    List<double[]> d = new ArrayList<>();
    List<double[]> x = new ArrayList<>();
    for (ResultRow r : tuned) {
      d.add(new double[] {r.draws(), 100 * r.testAccuracy()});
      x.add(new double[] {r.distance(), 100 * r.testAccuracy()});
    }
    byDraws.put("test accuracy", d);
    byDistance.put("test accuracy", x);
    html.append("<h2>Test accuracy against draws seen</h2>")
        .append(Charts.lines(byDraws, "draws seen", "test accuracy, %", true, false));
    html.append("<h2>Test accuracy against distance</h2>")
        .append(Charts.lines(byDistance, "distance", "test accuracy, %", true, true));
  }

  /** Every draw's search distance and the best so far. */
  private static void search(StringBuilder html, Path folder) throws IOException {
    List<String[]> distance = Csv.rows(folder.resolve("distance.csv"));
    if (distance.isEmpty()) {
      return;
    }
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("search distance of each draw", new ArrayList<>());
    series.put("best so far (CompareMerge)", new ArrayList<>());
    for (String[] r : distance) {
      double x = Csv.parseNumber(r[0]);
      series.get("search distance of each draw").add(new double[] {x, Csv.parseNumber(r[1])});
      series.get("best so far (CompareMerge)").add(new double[] {x, Csv.parseNumber(r[2])});
    }
    html.append("<h2>The search</h2><p>").append(distance.size()).append(" draws; the best after the last: "
        + "search distance ").append(fixed(Csv.parseNumber(distance.get(distance.size() - 1)[2]), 3))
        .append(" against the baseline's ").append(fixed(Csv.parseNumber(distance.get(0)[1]), 3)).append(".</p>")
        .append(Charts.lines(series, "draw", "search distance", false, false));
  }

  /** Per layer: density, the four numbers and the distance of the baseline and the selection, and its sources. */
  private static void layers(StringBuilder html, Path folder, List<ResultRow> tuned) throws IOException {
    Path masks = folder.resolve("masks");
    List<String[]> sources = Csv.rows(masks.resolve("sources.csv"));
    String last = null;
    for (String[] s : sources) {
      last = s[0];
    }
    if (last == null || !Files.isRegularFile(masks.resolve("baseline.spectrum.csv"))) {
      return;
    }
    List<String[]> baseDensity = Csv.rows(masks.resolve("baseline.layers.csv"));
    List<String[]> selDensity = Csv.rows(masks.resolve(last + ".layers.csv"));
    List<String[]> base = Csv.rows(masks.resolve("baseline.spectrum.csv"));
    List<String[]> sel = Csv.rows(masks.resolve(last + ".spectrum.csv"));
    if (sel.size() != base.size() || baseDensity.size() != base.size() || selDensity.size() != base.size()) {
      return;
    }
    Map<String, String> source = new LinkedHashMap<>();
    for (String[] s : sources) {
      if (s[0].equals(last)) {
        source.put(s[1], s[2]);
      }
    }
    html.append("<h2>Per layer: baseline and selected</h2><p>Each cell: baseline → selected (<code>").append(esc(last))
        .append("</code>, as fine-tuned). The source is the draw CompareMerge took the layer from (0: the "
            + "baseline's own).</p><table><tr><th>layer</th><th>density</th><th>dr</th><th>dr_imdb</th>"
            + "<th>lambda</th><th>lambda_imsg</th><th>distance</th><th>source draw</th></tr>");
    for (int l = 0; l < base.size(); l++) {
      String[] b = base.get(l);
      String[] s = sel.get(l);
      html.append("<tr><td>").append(esc(b[0])).append("</td><td>")
          .append(pair(Csv.parseNumber(baseDensity.get(l)[3]), Csv.parseNumber(selDensity.get(l)[3]), 4));
      for (int c = 1; c <= 5; c++) {
        html.append("</td><td>").append(pair(Csv.parseNumber(b[c]), Csv.parseNumber(s[c]), 3));
      }
      html.append("</td><td>").append(esc(source.getOrDefault(b[0], "?"))).append("</td></tr>");
    }
    html.append("</table>");
    List<String> labels = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (int l = 0; l < base.size(); l++) {
      labels.add(base.get(l)[0]);
      values.add(new double[] {Csv.parseNumber(base.get(l)[5]), Csv.parseNumber(sel.get(l)[5])});
    }
    html.append(Charts.bars(labels, values, List.of("baseline", "selected"), "layer distance (magnitude)"));
  }

  private static void curves(StringBuilder html, Path folder) throws IOException {
    List<String[]> curves = Csv.rows(folder.resolve("finetune.csv"));
    if (curves.isEmpty()) {
      return;
    }
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String[] r : curves) {
      series.computeIfAbsent(r[0], k -> new ArrayList<>())
          .add(new double[] {Csv.parseNumber(r[1]), 100 * Csv.parseNumber(r[4])});
    }
    html.append("<h2>Fine-tuning</h2>").append(Charts.lines(series, "epoch", "test accuracy, %", true, false));
  }

  private static void definitions(StringBuilder html) {
    html.append("<h2>Definitions</h2><dl>"
        + "<dt>test accuracy</dt><dd>top-1 accuracy on the test split at the epoch the held-out validation split "
        + "(<code>finetune.validation</code>) picks; with none held out, at the last epoch.</dd>"
        + "<dt>best test accuracy (paper-style)</dt><dd>the best test accuracy over the epochs, as the authors' "
        + "code reports it; it reads the test split to choose, so it is optimistic.</dd>"
        + "<dt>distance</dt><dd>the mean over layers of the l2 norm of the four numbers (dr, dr_imdb, lambda, "
        + "lambda_imsg) of the mask as fine-tuned, on the network's weights (method §3).</dd>"
        + "<dt>search distance</dt><dd>the same number for a draw as drawn, before the selection's budget is "
        + "kept; CompareMerge keeps per layer the draws that raise it.</dd>"
        + "<dt>sparsity / effective sparsity</dt><dd>the share of prunable weights removed / the share on no path "
        + "from input to output.</dd>"
        + "<dt>baseline / selected</dt><dd>the generator's own mask (draw 0) / the selection after all draws.</dd>"
        + "</dl>");
  }

  /** The correlation analysis (Figures 2-4), when the run wrote one: Pearson r per metric and the PNG figures. */
  private static void appendAnalysis(StringBuilder html, Path folder) throws IOException {
    Path analysis = folder.resolve("analysis");
    List<String[]> r = Csv.rows(analysis.resolve("correlations.csv"));
    if (r.isEmpty()) {
      return;
    }
    html.append("<h2>Accuracy against the full spectrum</h2><table><tr><th>metric</th><th>Pearson r</th>"
        + "<th>masks</th></tr>");
    for (String[] row : r) {
      html.append("<tr><td>").append(esc(row[0])).append("</td><td>")
          .append(fixed(Csv.parseNumber(row[1]), 3)).append("</td><td>").append(esc(row[2])).append("</td></tr>");
    }
    html.append("</table><p>Points: <code>analysis/points.csv</code>.</p>");
    try (java.util.stream.Stream<Path> files = Files.list(analysis)) {
      for (Path png : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
        html.append("<img alt=\"").append(esc(png.getFileName().toString())).append("\" src=\"analysis/")
            .append(esc(png.getFileName().toString())).append("\" width=\"480\">");
      }
    }
  }

  private static String pair(double a, double b, int digits) {
    return fixed(a, digits) + " → " + fixed(b, digits);
  }

  static String percent(double share) {
    return Double.isFinite(share) ? String.format(Locale.ROOT, "%.2f%%", 100 * share) : "–";
  }

  static String fixed(double v, int digits) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Inline SVG charts: lines (with dots, for few points) and grouped bars. */
  static final class Charts {
    private static final int W = 900;
    private static final int H = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Charts() {}

    /**
     * @param dots marks every point (for a few masks, where a bare line hides them)
     * @param scatter dots alone, no line (points in no order, as accuracy against distance)
     */
    static String lines(Map<String, List<double[]>> series, String xLabel, String yLabel, boolean dots,
        boolean scatter) {
      double[] box = bounds(series);
      StringBuilder s = frame(xLabel, yLabel, box);
      int k = 0;
      for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
        String colour = COLOURS[k % COLOURS.length];
        StringBuilder points = new StringBuilder();
        for (double[] p : e.getValue()) {
          if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
            double x = x(p[0], box);
            double y = y(p[1], box);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            if (dots || scatter) {
              s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", x, y,
                  colour));
            }
          }
        }
        if (!scatter) {
          s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(k == 0
              ? "1.5" : "2.5").append("\" stroke-opacity=\"").append(k == 0 && series.size() > 1 ? "0.55" : "1")
              .append("\" points=\"").append(points).append("\"/>");
        }
        legend(s, k++, colour, e.getKey());
      }
      return s.append("</svg>").toString();
    }

    /** Grouped bars: one group a label, one bar a series. */
    static String bars(List<String> labels, List<double[]> values, List<String> series, String yLabel) {
      double max = 0;
      double min = 0;
      for (double[] v : values) {
        for (double x : v) {
          if (Double.isFinite(x)) {
            max = Math.max(max, x);
            min = Math.min(min, x);
          }
        }
      }
      double[] box = {0, labels.size(), min, max == min ? min + 1 : max * 1.05};
      StringBuilder s = frame("", yLabel, new double[] {0, 1, box[2], box[3]});
      double group = (W - LEFT - RIGHT) / (double) labels.size();
      double bar = Math.min(40, group * 0.8 / series.size());
      for (int g = 0; g < labels.size(); g++) {
        double x0 = LEFT + g * group + (group - bar * series.size()) / 2;
        for (int k = 0; k < series.size(); k++) {
          double v = values.get(g)[k];
          if (!Double.isFinite(v)) {
            continue;
          }
          double top = y(v, box);
          double zero = y(Math.max(0, box[2]), box);
          s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
              + "fill=\"%s\"><title>%s %s: %.3f</title></rect>", x0 + k * bar, Math.min(top, zero), bar - 2,
              Math.abs(zero - top), COLOURS[k % COLOURS.length], esc(labels.get(g)), esc(series.get(k)), v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" "
            + "transform=\"rotate(-30 %.1f %d)\">%s</text>", LEFT + g * group + group / 2, H - BOTTOM + 14,
            LEFT + g * group + group / 2, H - BOTTOM + 14, esc(labels.get(g))));
      }
      for (int k = 0; k < series.size(); k++) {
        legend(s, k, COLOURS[k % COLOURS.length], series.get(k));
      }
      return s.append("</svg>").toString();
    }

    private static double[] bounds(Map<String, List<double[]>> series) {
      double minX = Double.MAX_VALUE;
      double maxX = -Double.MAX_VALUE;
      double minY = Double.MAX_VALUE;
      double maxY = -Double.MAX_VALUE;
      for (List<double[]> pts : series.values()) {
        for (double[] p : pts) {
          if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
          }
        }
      }
      if (minX > maxX) {
        return new double[] {0, 1, 0, 1};
      }
      double padY = (maxY - minY) * 0.08;
      return new double[] {minX, maxX == minX ? minX + 1 : maxX, minY - padY,
          maxY == minY ? minY + 1 : maxY + padY};
    }

    private static double x(double v, double[] box) {
      return LEFT + (v - box[0]) / (box[1] - box[0]) * (W - LEFT - RIGHT);
    }

    private static double y(double v, double[] box) {
      return H - BOTTOM - (v - box[2]) / (box[3] - box[2]) * (H - TOP - BOTTOM);
    }

    /** Axes with five ticks each, their labels, and the axis names. */
    private static StringBuilder frame(String xLabel, String yLabel, double[] box) {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
          "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">",
          W, H, W, H));
      for (int t = 0; t <= 4; t++) {
        double vy = box[2] + (box[3] - box[2]) * t / 4;
        double py = y(vy, box);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", LEFT, py, W - RIGHT, py,
            LEFT - 6, py + 4, tick(vy)));
        if (!xLabel.isEmpty()) {
          double vx = box[0] + (box[1] - box[0]) * t / 4;
          s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">"
              + "%s</text>", x(vx, box), H - BOTTOM + 16, tick(vx)));
        }
      }
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT,
          H - BOTTOM, W - RIGHT, H - BOTTOM));
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT,
          TOP, LEFT, H - BOTTOM));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
          (LEFT + W - RIGHT) / 2, H - 8, esc(xLabel)));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", 8, TOP - 16,
          esc(yLabel)));
      return s;
    }

    private static void legend(StringBuilder s, int k, String colour, String name) {
      int x = LEFT + 10 + (k % 3) * 270;
      int y = 14 + (k / 3) * 14;
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", x, y - 9, colour, x + 14, y, esc(name)));
    }

    private static String tick(double v) {
      double a = Math.abs(v);
      return a != 0 && (a < 0.01 || a >= 1e5) ? String.format(Locale.ROOT, "%.2g", v)
          : String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }
  }
}
