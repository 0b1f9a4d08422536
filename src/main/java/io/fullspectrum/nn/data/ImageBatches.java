package io.fullspectrum.nn.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/**
 * A DJL {@link Dataset} over an {@link ImageSet}: batches of {@code N x C x H x W} floats and int labels, built
 * straight from the bytes (no per-record arrays), shuffled and augmented from a seed and an epoch number so that a
 * run is repeatable and a resumed epoch sees the same batches.
 */
public final class ImageBatches implements Dataset {
  private final ImageSet set;
  private final Preprocessing preprocessing;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final long seed;
  private int epoch;

  public ImageBatches(ImageSet set, Preprocessing preprocessing, int batchSize, boolean shuffle, boolean dropLast,
      long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1");
    }
    this.set = set;
    this.preprocessing = preprocessing;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.seed = seed;
  }

  /** Training batches: shuffled, augmented, last partial batch dropped. */
  public static ImageBatches training(ImageSet set, Preprocessing p, int batchSize, long seed) {
    return new ImageBatches(set, p, batchSize, true, true, seed);
  }

  /** Evaluation batches: in order, no augmentation, every sample. */
  public static ImageBatches evaluation(ImageSet set, Preprocessing p, int batchSize) {
    return new ImageBatches(set, p.withoutAugmentation(), batchSize, false, false, 0);
  }

  public ImageSet set() {
    return set;
  }

  /** Selects the epoch whose order and augmentation the next iteration uses. */
  public ImageBatches epoch(int e) {
    this.epoch = e;
    return this;
  }

  /** Batches per epoch. */
  public int batchesPerEpoch() {
    return dropLast ? set.size() / batchSize : (set.size() + batchSize - 1) / batchSize;
  }

  /** Batches built two ahead on a background thread ({@link PrefetchedBatches}); iterate and close. */
  public PrefetchedBatches batches(NDManager manager) {
    return new PrefetchedBatches(iterator(manager), 2, manager);
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) {
    return () -> batches(manager);
  }

  @Override
  public Iterable<Batch> getData(NDManager manager, ExecutorService executorService) {
    return getData(manager);
  }

  @Override
  public void prepare(Progress progress) {}

  private Iterator<Batch> iterator(NDManager manager) {
    int n = set.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    if (shuffle) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    int batches = batchesPerEpoch();
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < batches;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int from = next * batchSize;
        int size = Math.min(batchSize, n - from);
        int image = set.imageSize();
        float[] x = new float[size * image];
        int[] y = new int[size];
        for (int b = 0; b < size; b++) {
          int i = order[from + b];
          preprocessing.fill(set, i, x, b * image, shuffle ? random : null);
          y[b] = set.label(i);
        }
        NDManager batchManager = manager.newSubManager();
        NDList data = new NDList(batchManager.create(x, new Shape(size, set.channels(), set.height(), set.width())));
        NDList labels = new NDList(batchManager.create(y));
        next++;
        return new Batch(batchManager, data, labels, size, Batchifier.STACK, Batchifier.STACK, next, batches);
      }
    };
  }
}
