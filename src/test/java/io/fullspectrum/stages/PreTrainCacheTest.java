package io.fullspectrum.stages;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;

import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.train.Recipe;
import io.fullspectrum.records.NetworkStateCoder;
import io.fullspectrum.schemas.NetworkState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEGS cells of a table share their seed's dense pre-training through the cache folder. */
class PreTrainCacheTest {
  private static final Recipe RECIPE = Recipe.of(0.05f, 0.9f, 5e-4f, true, 16, 1, List.of(), 1f, 1);

  private static NetworkState initial(long seed) {
    return NetworkSession.initial("fmnist-cnn", 10, 1, 28, 28, seed);
  }

  private static PCollection<NetworkState> preTrained(Pipeline p, NetworkState start, Path cache) {
    return p.apply(Create.of(start).withCoder(NetworkStateCoder.of()))
        .apply(PreTrain.of(3, RECIPE, StagesTest.DATA).withCache(cache.toString()));
  }

  private static List<Path> cached(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.toString().endsWith(".state")).collect(Collectors.toList());
    }
  }

  @Test
  void aCachedPreTrainingIsReadBackInsteadOfTrainedAgain(@TempDir Path cache) throws IOException {
    Pipeline first = Pipeline.create();
    preTrained(first, initial(3), cache);
    first.run().waitUntilFinish();
    List<Path> files = cached(cache);
    assertThat(files, hasSize(1));
    // Put an untrained network under the key: a run that trained again would not give it back.
    NetworkState planted = initial(99);
    try (OutputStream out = Files.newOutputStream(files.get(0))) {
      NetworkStateCoder.of().encode(planted, out);
    }
    Pipeline second = Pipeline.create();
    PAssert.thatSingleton(preTrained(second, initial(3), cache)).isEqualTo(planted);
    second.run().waitUntilFinish();
  }

  @Test
  void otherInitialWeightsArePreTrainedUnderTheirOwnKey(@TempDir Path cache) throws IOException {
    for (long seed : new long[] {3, 4, 3}) {
      Pipeline p = Pipeline.create();
      preTrained(p, initial(seed), cache);
      p.run().waitUntilFinish();
    }
    assertThat(cached(cache), hasSize(2));
  }
}
