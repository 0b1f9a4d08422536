package io.fullspectrum.smoke;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.fullspectrum.schemas.LayerRecord;
import org.apache.beam.sdk.transforms.DoFn;

/** A DoFn that computes a small layer with DJL: weights {@code (i - 2) * seed}, mask {@code weights > 0}. */
final class LayerFromSeedFn extends DoFn<Integer, LayerRecord> {
  private static final long serialVersionUID = 1L;

  @ProcessElement
  public void process(@Element Integer seed, OutputReceiver<LayerRecord> out) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray w = manager.arange(6f).sub(2f).mul((float) seed).reshape(2, 3);
      NDArray mask = w.gt(0f).toType(ai.djl.ndarray.types.DataType.INT8, false);
      out.output(LayerRecord.of("layer" + seed, new int[] {2, 3}, w.toFloatArray(), mask.toByteArray()));
    }
  }

  /** The record the DoFn must produce, computed without DJL. */
  static LayerRecord expected(int seed) {
    float[] w = new float[6];
    byte[] m = new byte[6];
    for (int i = 0; i < 6; i++) {
      w[i] = (i - 2f) * seed;
      m[i] = (byte) (w[i] > 0 ? 1 : 0);
    }
    return LayerRecord.of("layer" + seed, new int[] {2, 3}, w, m);
  }
}
