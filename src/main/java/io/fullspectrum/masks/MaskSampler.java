package io.fullspectrum.masks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.dataset.Batch;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.nn.data.DataSpec;
import io.fullspectrum.nn.data.ImageBatches;
import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One PAGS draw (spec §6): the generator's mask for sample {@code index}, from a seed derived from the run seed
 * and the index alone, on scoring minibatches drawn the same way (spec §5: 4 of 128), so that any worker in any
 * order draws the same mask. The result carries masks only; the weights stay with the network state.
 */
public final class MaskSampler implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String generator;
  private final double sparsity;
  private final long seed;
  private final DataSpec data;
  private final int batches;
  private final int batchSize;
  private final MaskSet fixed;

  public MaskSampler(String generator, double sparsity, long seed, DataSpec data, int batches, int batchSize) {
    this(generator, sparsity, seed, data, batches, batchSize, null);
  }

  /** A sampler whose every draw is the given masks (a mask found elsewhere, e.g. in PyTorch). */
  public static MaskSampler fixed(MaskSet masks, long seed) {
    return new MaskSampler("file", masks.achievedSparsity(), seed, null, 0, 0, masks);
  }

  private MaskSampler(String generator, double sparsity, long seed, DataSpec data, int batches, int batchSize,
      MaskSet fixed) {
    this.fixed = fixed;
    if (fixed == null) {
      MaskGenerator.named(generator);
      ScoreBasedGenerator.checkSparsity(sparsity);
    }
    this.generator = generator;
    this.sparsity = sparsity;
    this.seed = seed;
    this.data = data;
    this.batches = batches;
    this.batchSize = batchSize;
  }

  /** The seed of draw {@code index}. */
  public long drawSeed(long index) {
    return seed * 1_000_003L + index;
  }

  public MaskSet draw(NetworkSession session, long index) {
    if (fixed != null) {
      return maskOnly(session, session.network().masksOf(fixed), index);
    }
    MaskGenerator gen = MaskGenerator.named(generator);
    List<NDList[]> minibatches = new ArrayList<>();
    List<Batch> open = new ArrayList<>();
    // Every array the draw creates (activations, losses, gradient views) is freed when it ends: they would
    // otherwise live on the model's manager until the session closes, some MB per draw.
    try (NDScope scope = new NDScope()) {
      if (gen.needsData()) {
        ImageBatches source = ImageBatches.training(data.load(true), data.preprocessing(), batchSize, drawSeed(index));
        for (Batch b : source.getData(session.model().getNDManager())) {
          if (minibatches.size() == batches) {
            b.close();
            break;
          }
          open.add(b);
          minibatches.add(new NDList[] {b.getData(), b.getLabels()});
        }
      }
      return maskOnly(session, gen.generate(new GeneratorInput(session.network(), minibatches), sparsity,
          drawSeed(index)), index);
    } finally {
      for (Batch b : open) {
        b.close();
      }
    }
  }

  /** Draw {@code index} as a mask-only set in network order (the weights stay with the network state). */
  private MaskSet maskOnly(NetworkSession session, List<byte[]> masks, long index) {
    List<LayerRecord> layers = new ArrayList<>();
    List<String> names = session.network().layerNames();
    for (int l = 0; l < names.size(); l++) {
      layers.add(LayerRecord.of(names.get(l), session.network().architecture().shape(names.get(l)), null,
          masks.get(l)));
    }
    return MaskSet.of(generator, seed, sparsity, index, layers);
  }
}
