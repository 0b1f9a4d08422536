package io.fullspectrum.runs;

import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.schemas.Csv;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import io.fullspectrum.schemas.NetworkState;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a PAGS run keeps in its folder to resume after a crash: the (pre-trained) network, one small file of
 * scores per finished draw ({@code draws/<index>.csv}), and the checksums that a resume checks. Every file is
 * written atomically (temporary file, then rename), so a kill never leaves a half-written file that a resume trusts.
 */
public final class RunState {
  private static final Logger LOG = LoggerFactory.getLogger(RunState.class);
  public static final String RUN = "run.properties";
  /** Last line of a draw file: a file cut short anywhere lacks it. */
  private static final String END = "# end";

  private RunState() {}

  static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records the pipeline name and the preset's checksum when a run starts. */
  static void start(Path folder, String pipeline) throws IOException {
    Properties run = new Properties();
    run.setProperty("pipeline", pipeline);
    run.setProperty("preset.sha256", sha256(folder.resolve("preset.properties")));
    store(folder, run);
  }

  private static void store(Path folder, Properties run) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(run).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    RunOutputs.writeAtomically(folder.resolve(RUN), text.toString());
  }

  public static Properties load(Path folder) throws IOException {
    Path file = folder.resolve(RUN);
    if (!Files.isRegularFile(file)) {
      throw new IOException(folder + ": not a resumable run folder (no " + RUN + ")");
    }
    Properties run = new Properties();
    run.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    return run;
  }

  /**
   * Checks a run folder before resuming it.
   *
   * @throws IOException naming the file whose checksum no longer matches
   */
  static void verify(Path folder) throws IOException {
    Properties run = load(folder);
    check(folder.resolve("preset.properties"), run.getProperty("preset.sha256"));
    for (String part : List.of("prunable", "others")) {
      String recorded = run.getProperty("network." + part + ".sha256");
      if (recorded != null) {
        check(networkFile(folder, part), recorded);
      }
    }
  }

  private static void check(Path file, String recorded) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": missing; cannot resume this run");
    }
    if (recorded == null || !recorded.equals(sha256(file))) {
      throw new IOException(file + ": checksum mismatch (changed since the run wrote it); cannot resume");
    }
  }

  static Path networkFile(Path folder, String part) {
    return folder.resolve("network").resolve(part + ".arrow");
  }

  /** Saves the network the draws are taken on, and records its checksums. */
  static synchronized void saveNetwork(Path folder, NetworkState state) {
    try {
      MaskSetArrow.writeFile(state.prunable(), networkFile(folder, "prunable"));
      MaskSetArrow.writeFile(state.others(), networkFile(folder, "others"));
      RunOutputs.writeAtomically(folder.resolve("network").resolve("network.properties"),
          "architecture=" + state.architecture() + "\nclasses=" + state.classes() + "\nchannels=" + state.channels()
              + "\nheight=" + state.height() + "\nwidth=" + state.width() + "\n");
      Properties run = load(folder);
      run.setProperty("network.prunable.sha256", sha256(networkFile(folder, "prunable")));
      run.setProperty("network.others.sha256", sha256(networkFile(folder, "others")));
      store(folder, run);
    } catch (IOException e) {
      throw new UncheckedIOException(folder + ": cannot save the network (" + e.getMessage() + ")", e);
    }
  }

  /** The saved network, or null when the run had not saved it yet. */
  public static NetworkState loadNetwork(Path folder) throws IOException {
    Properties run = load(folder);
    if (run.getProperty("network.prunable.sha256") == null) {
      return null;
    }
    Properties header = new Properties();
    header.load(new StringReader(Files.readString(folder.resolve("network").resolve("network.properties"))));
    MaskSet prunable = MaskSetArrow.readFile(networkFile(folder, "prunable"));
    MaskSet others = MaskSetArrow.readFile(networkFile(folder, "others"));
    return NetworkState.of(header.getProperty("architecture"), Integer.parseInt(header.getProperty("classes")),
        Integer.parseInt(header.getProperty("channels")), Integer.parseInt(header.getProperty("height")),
        Integer.parseInt(header.getProperty("width")), prunable, others);
  }

  static Path drawFile(Path folder, long index) {
    return folder.resolve("draws").resolve(index + ".csv");
  }

  /**
   * One draw's scores as CSV (numbers as {@link Csv#number}): a comment line with the sample and sparsity, one line
   * per layer, and an end line that tells a complete file from one cut short.
   */
  static void saveDraw(Path folder, ScoredMask s) {
    StringBuilder text = new StringBuilder();
    text.append("# sample=").append(s.sampleIndex()).append(" sparsity=").append(Csv.number(s.achievedSparsity()))
        .append(" layers=").append(s.layers().size()).append(" effective=").append(Csv.number(s.effectiveSparsity()))
        .append('\n');
    for (int l = 0; l < s.layers().size(); l++) {
      text.append(s.layers().get(l));
      for (double v : s.rows()[l]) {
        text.append(',').append(Csv.number(v));
      }
      if (s.channels() != null) {
        text.append(',').append(encodeBits(s.channels().get(l)));
      }
      text.append('\n');
    }
    text.append(END).append('\n');
    RunOutputs.writeAtomically(drawFile(folder, s.sampleIndex()), text.toString());
  }

  /** The draws a previous attempt finished; a file that does not parse is left out (it is drawn again). */
  public static List<ScoredMask> loadDraws(Path folder) throws IOException {
    List<ScoredMask> out = new ArrayList<>();
    Path dir = folder.resolve("draws");
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.csv")) {
      for (Path f : files) {
        try {
          out.add(parseDraw(Files.readAllLines(f, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
          LOG.warn("{}: unreadable draw ({}); it will be drawn again", f, e.getMessage());
        }
      }
    }
    return out;
  }

  private static ScoredMask parseDraw(List<String> lines) {
    if (lines.isEmpty() || !lines.get(lines.size() - 1).equals(END)) {
      throw new IllegalArgumentException("cut short (no end line)");
    }
    lines = lines.subList(0, lines.size() - 1);
    String[] head = lines.get(0).substring(2).split(" ");
    long sample = Long.parseLong(head[0].substring("sample=".length()));
    double sparsity = Csv.parseNumber(head[1].substring("sparsity=".length()));
    int layers = Integer.parseInt(head[2].substring("layers=".length()));
    double effective = head.length > 3 ? Csv.parseNumber(head[3].substring("effective=".length())) : Double.NaN;
    List<long[]> channels = new ArrayList<>();
    if (lines.size() != layers + 1) {
      throw new IllegalArgumentException(layers + " layers announced, " + (lines.size() - 1) + " present");
    }
    List<String> names = new ArrayList<>();
    double[][] rows = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      if (cells.length != 6 && cells.length != 7) {
        throw new IllegalArgumentException("line " + (i + 1) + " has " + cells.length + " cells");
      }
      if (cells.length == 7) {
        channels.add(decodeBits(cells[6]));
      }
      names.add(cells[0]);
      rows[i - 1] = new double[5];
      for (int k = 0; k < 5; k++) {
        rows[i - 1][k] = Csv.parseNumber(cells[k + 1]);
      }
    }
    if (!channels.isEmpty() && channels.size() != rows.length) {
      throw new IllegalArgumentException("channel adjacency on " + channels.size() + " of " + rows.length
          + " layers");
    }
    return new ScoredMask(sample, names, rows, sparsity, effective, channels.isEmpty() ? null : channels);
  }

  private static String encodeBits(long[] bits) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(bits.length * 8);
    for (long v : bits) {
      b.putLong(v);
    }
    return java.util.Base64.getEncoder().encodeToString(b.array());
  }

  private static long[] decodeBits(String text) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(text));
    long[] bits = new long[b.remaining() / 8];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = b.getLong();
    }
    return bits;
  }
}
