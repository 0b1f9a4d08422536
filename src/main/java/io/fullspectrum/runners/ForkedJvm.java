package io.fullspectrum.runners;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the command line's main class in a child JVM with the project's classpath and given settings, and waits for it. Used where a
 * run must not share this JVM: Flink's embedded cluster cannot run inside {@code mvn exec:java} (its MiniCluster
 * resolves classes through Maven's class realm and fails), and each cell of a table gets a fresh process, so that
 * native memory and any crash stay with that cell.
 */
public final class ForkedJvm {
  private ForkedJvm() {}

  /** Whether this JVM runs us from a class loader other than the application one (Maven's exec:java). */
  public static boolean insideMaven() {
    ClassLoader ours = ForkedJvm.class.getClassLoader();
    return ours != ClassLoader.getSystemClassLoader() && ours instanceof URLClassLoader;
  }

  /**
   * Runs {@code mainClass} in a child JVM with this JVM's class path, {@code pipeline=NAME} and the given
   * {@code key=value} settings as arguments; returns its exit status.
   */
  public static int run(String mainClass, String pipeline, Map<String, String> settings) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dai.djl.offline=true", "-cp", classpath(), mainClass, "pipeline=" + pipeline));
    settings.forEach((k, v) -> command.add(k + "=" + v));
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the forked run of " + pipeline + " was going", e);
    }
  }

  /** Maven's class realm lists its jars as URLs; a plain JVM (java -jar, a test fork) has java.class.path. */
  private static String classpath() throws IOException {
    if (!insideMaven()) {
      return System.getProperty("java.class.path");
    }
    List<String> classpath = new ArrayList<>();
    for (URL url : ((URLClassLoader) ForkedJvm.class.getClassLoader()).getURLs()) {
      try {
        classpath.add(Paths.get(url.toURI()).toString());
      } catch (java.net.URISyntaxException e) {
        throw new IOException("unusable classpath entry " + url, e);
      }
    }
    return String.join(File.pathSeparator, classpath);
  }
}
