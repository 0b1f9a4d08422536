package io.fullspectrum.stages;

import io.fullspectrum.graph.NetworkScorer;
import io.fullspectrum.records.ScoredMask;
import io.fullspectrum.records.ScoredMaskCoder;
import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The full-spectrum coordinate (method §2-3) of networks in files: a PyTorch state dict as {@code .npz} (every
 * 2-D or 4-D {@code <layer>.weight}, its mask {@code <layer>.mask} or else {@code weight != 0}) or one of our Arrow
 * mask sets. Each file is read and scored on the worker that matched it; only its name and scores leave
 * ({@link ScoredMask}, a few hundred bytes), keyed by the file name. Use after {@code FileIO.match()} and
 * {@code FileIO.readMatches()}; no training, no architecture needed.
 *
 * <pre>{@code
 * p.apply(FileIO.match().filepattern("sweep/*.npz"))
 *  .apply(FileIO.readMatches())
 *  .apply(ScoreNetworkFiles.create());
 * }</pre>
 */
public final class ScoreNetworkFiles
    extends PTransform<PCollection<FileIO.ReadableFile>, PCollection<KV<String, ScoredMask>>> {
  private ScoreNetworkFiles() {}

  public static ScoreNetworkFiles create() {
    return new ScoreNetworkFiles();
  }

  @Override
  public PCollection<KV<String, ScoredMask>> expand(PCollection<FileIO.ReadableFile> files) {
    return files.apply("ReadAndScore", ParDo.of(new ScoreFileFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ScoredMaskCoder.of()));
  }

  private static final class ScoreFileFn extends DoFn<FileIO.ReadableFile, KV<String, ScoredMask>> {
    private static final long serialVersionUID = 1L;
    private final Counter scored = Metrics.counter(ScoreNetworkFiles.class, "networks_scored");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<KV<String, ScoredMask>> out)
        throws IOException {
      String name = file.getMetadata().resourceId().getFilename();
      MaskSet network = read(file, name);
      try {
        out.output(KV.of(name, ScoredMask.of(0, NetworkScorer.sparse().score(network.layers()),
            network.achievedSparsity())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
      }
      scored.inc();
    }

    /** The readers need random access (zip directory, Arrow footer): a remote file goes through a local copy. */
    private static MaskSet read(FileIO.ReadableFile file, String name) throws IOException {
      if ("file".equals(file.getMetadata().resourceId().getScheme())) {
        return NetworkFiles.read(Path.of(file.getMetadata().resourceId().toString()));
      }
      String suffix = name.endsWith(".npz") ? ".npz" : ".arrow";
      Path local = Files.createTempFile("fullspectrum-", suffix);
      try {
        Files.write(local, file.readFullyAsBytes());
        return NetworkFiles.read(local);
      } catch (IOException e) {
        throw new IOException(e.getMessage().replace(local.toString(), name), e);
      } finally {
        Files.deleteIfExists(local);
      }
    }
  }
}
