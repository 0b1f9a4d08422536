package io.fullspectrum.records;

import io.fullspectrum.search.CompareMerge.LayerScores;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Beam coder for one draw's entry in CompareMerge's accumulator: its per-layer {@code dr_imdb} and magnitudes and,
 * for a guarded merge, its channel adjacency as raw words (Java serialisation of the accumulator took 5% of a
 * ResNet-18 PAGS run's draw phase on the direct runner, which encodes the accumulator again on every merge).
 */
public final class LayerScoresCoder extends AtomicCoder<LayerScores> {
  private static final long serialVersionUID = 1L;
  private static final LayerScoresCoder INSTANCE = new LayerScoresCoder();

  private LayerScoresCoder() {}

  public static LayerScoresCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(LayerScores value, OutputStream outStream) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode null layer scores");
    }
    DataOutputStream out = new DataOutputStream(outStream);
    CoderArrays.writeDoubles(value.drImdb(), out);
    CoderArrays.writeDoubles(value.magnitude(), out);
    CoderArrays.writeChannels(value.channels(), out);
    out.flush();
  }

  @Override
  public LayerScores decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    double[] drImdb = CoderArrays.readDoubles(in, "layer scores dr_imdb");
    double[] magnitude = CoderArrays.readDoubles(in, "layer scores magnitude");
    return new LayerScores(drImdb, magnitude, CoderArrays.readChannels(in));
  }

  /** Fixed field order and fixed-width numbers: equal values encode to equal bytes. */
  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
