package example;

import io.fullspectrum.stages.ScoreNetworkFiles;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;

/** The README's smallest custom pipeline, as a user writes it: args = a folder of checkpoints, an output prefix. */
public final class Distances {
  public static void main(String[] args) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(FileIO.match().filepattern(args[0] + "/*.npz"))
        .apply(FileIO.readMatches())
        .apply(ScoreNetworkFiles.create())                      // KV<file name, ScoredMask>, scored where read
        .apply(MapElements.into(TypeDescriptors.strings())
            .via(kv -> kv.getKey() + "," + kv.getValue().meanMagnitude()))
        .apply(TextIO.write().to(args[1]).withSuffix(".csv"));
    p.run().waitUntilFinish();
  }
}
