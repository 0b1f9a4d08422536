package io.fullspectrum.bench;

import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.schemas.NetworkState;
import io.fullspectrum.search.MaskSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Issue 15/18: does a long run of draws grow the process? Draws {@code n} masks in one session (4 scoring batches of
 * 128, baseline on 4 too) and prints the resident set every 5 draws. Args: architecture (resnet18 | fmnist-cnn),
 * generator, n. Run: {@code java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)"
 * io.fullspectrum.bench.DrawMemoryBench resnet18 grasp 10} (after {@code mvn test-compile} and
 * {@code mvn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath}).
 */
public final class DrawMemoryBench {
  private DrawMemoryBench() {}

  public static void main(String[] args) throws Exception {
    String arch = args[0];
    String generator = args[1];
    int n = Integer.parseInt(args[2]);
    boolean resnet = !arch.equals("fmnist-cnn");
    NetworkState state = resnet ? NetworkSession.initial(arch, 10, 3, 32, 32, 1)
        : NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, 11);
    DataSpec data = resnet ? DataSpec.forInput("synthetic", "", 8 * 128, "auto", new int[] {3, 32, 32}, arch)
        : new DataSpec("synthetic", "", 512);
    MaskSampler sampler = new MaskSampler(generator, 0.98, 11, data, 4, 128).withBaselineBatches(4);
    try (NetworkSession session = NetworkSession.open(state)) {
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        sampler.draw(session, i);
        if (i % 5 == 4) {
          System.out.printf(Locale.ROOT, "%s %s: draw %d, resident %d MB, %.2f s/draw%n", arch, generator, i + 1,
              residentMegabytes(), (System.nanoTime() - t0) / 1e9 / (i + 1));
        }
      }
    }
  }

  private static long residentMegabytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
