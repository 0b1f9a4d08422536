package io.fullspectrum.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped key stops the run with one line naming it and the nearest key, whether it comes as {@code -Dkey=value}
 * (the way the README teaches) or as a {@code key=value} argument; the command line runs in a JVM of its own, as a
 * user's does, so the JVM's own properties are there too.
 */
class TyposOnTheCommandLineTest {
  @TempDir Path dir;

  /** Main in a child JVM; its exit status and what it printed. */
  private record Ran(int status, List<String> lines) {}

  private Ran main(List<String> jvmProperties, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true"));
    command.addAll(jvmProperties);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    Path log = dir.resolve("log.txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int status = p.waitFor();
    return new Ran(status, Files.readAllLines(log).stream().filter(l -> !l.startsWith("[W")).toList());
  }

  @Test
  void aMistypedDashDKeyFailsWithOneLineNamingItAndTheNearestKey() throws Exception {
    Ran ran = main(List.of("-Dpipeline=pegs", "-Dsparsty=0.5", "-Doutput=" + dir.resolve("run")), List.of());
    assertThat(ran.status(), equalTo(2));
    assertThat(ran.lines(), hasSize(1));
    assertThat(ran.lines().get(0), equalTo("fullspectrum: error: -Dsparsty=0.5: pipeline pegs has no key 'sparsty'; "
        + "did you mean sparsity? (-Dpipeline=pegs -Dhelp lists its keys)"));
    assertThat("no run folder", Files.exists(dir.resolve("run")), equalTo(false));
  }

  @Test
  void aMistypedArgumentFailsWithOneLineNamingItAndTheNearestKey() throws Exception {
    Ran ran = main(List.of(), List.of("pipeline=pegs", "sparsty=0.5", "output=" + dir.resolve("run")));
    assertThat(ran.status(), equalTo(2));
    assertThat(ran.lines(), hasSize(1));
    assertThat(ran.lines().get(0), containsString("unknown key 'sparsty' for pipeline pegs; did you mean sparsity?"));
    assertThat("no run folder", Files.exists(dir.resolve("run")), equalTo(false));
  }

  @Test
  void aDashDKeyNearNoKeyOfThePipelineIsNamedAlone() throws Exception {
    Ran ran = main(List.of("-Dpipeline=score", "-Dgpu=yes"), List.of());
    assertThat(ran.status(), equalTo(2));
    assertThat(ran.lines(), equalTo(List.of("fullspectrum: error: -Dgpu=yes: pipeline score has no key 'gpu' "
        + "(-Dpipeline=score -Dhelp lists its keys)")));
  }

  @Test
  void theJvmsMavensDjlsAndBeamsOwnPropertiesAreNoTypos() throws Exception {
    Path out = dir.resolve("help.txt");
    Ran ran = main(List.of("-Dpipeline=score", "-Dhelp", "-Dmaven.repo.local=/tmp/m2", "-Dai.djl.offline=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dbeam.fake=1", "-DPYTORCH_LIBRARY_PATH=/nowhere",
        "-Dfullspectrum.debug=false", "-Djava.awt.headless=true"), List.of());
    assertThat(String.join("\n", ran.lines()), ran.status(), equalTo(0));
    assertThat(String.join("\n", ran.lines()), containsString("sparsity"));
  }
}
