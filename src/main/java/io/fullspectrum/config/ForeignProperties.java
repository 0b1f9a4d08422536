package io.fullspectrum.config;

import java.util.List;
import java.util.Set;

/**
 * Which system properties are not a pipeline's: those of the JVM, Maven and its plugins, DJL and PyTorch, Beam, Flink,
 * Arrow, logging, and the command line's own ({@code pipeline}, {@code help}, {@code resume}). Every other {@code -D}
 * must be a key of the pipeline, so that a typo fails instead of running with the preset's value.
 */
final class ForeignProperties {
  /** The command line's own keys, read by Main before any preset. */
  static final Set<String> COMMAND_LINE = Set.of("pipeline", "help", "resume");

  private static final List<String> PREFIXES = List.of(
      // the JVM and Java's libraries
      "java.", "javax.", "jdk.", "sun.", "com.sun.", "os.", "user.", "file.", "line.", "path.", "native.", "stdout.",
      "stderr.", "awt.", "http.", "https.", "ftp.", "socksProxy", "networkaddress.", "jna.", "jnidispatch.",
      // Maven, its launcher and plugins, test runners and IDEs
      "maven.", "classworlds.", "library.jansi.", "jansi.", "style.", "exec.", "surefire.", "failsafe.", "mdep.",
      "junit.", "idea.", "guice.", "org.jline.", "jline.", "env.",
      // DJL and PyTorch, Beam, Flink, Arrow, Netty, logging, and ours
      "ai.djl.", "org.apache.", "beam.", "io.netty.", "arrow.", "org.slf4j.", "log4j", "logback.", "log.",
      "fullspectrum.");
  private static final Set<String> NAMES = Set.of("basedir", "localRepository", "skipTests", "skipITs", "test",
      "it.test", "offline");

  private ForeignProperties() {}

  /**
   * Whether {@code key} belongs to something other than a pipeline: a known prefix or name, or an environment-style
   * name in capitals (DJL reads {@code PYTORCH_LIBRARY_PATH} and its like from properties too).
   */
  static boolean isForeign(String key) {
    if (COMMAND_LINE.contains(key) || NAMES.contains(key) || key.matches("[A-Z][A-Z0-9_]*")) {
      return true;
    }
    for (String prefix : PREFIXES) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The known key nearest to {@code key} by edit distance, or null when none is near (at most a third of it). */
  static String nearest(String key, Iterable<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  /** "; did you mean K?" for the known key nearest to {@code key}, or nothing when none is near. */
  static String suggestion(String key, Iterable<String> known) {
    String near = nearest(key, known);
    return near == null ? "" : "; did you mean " + near + "?";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
