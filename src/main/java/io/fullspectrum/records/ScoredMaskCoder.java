package io.fullspectrum.records;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Beam coder for {@link ScoredMask}: its fields in order, the channel adjacency as raw longs. Java serialization
 * (the SerializableCoder it replaces) took 3% of a ResNet-18 PAGS run's draw phase on the direct runner, whose
 * immutability checks encode every element again (a guarded draw carries 175 KB of adjacency).
 */
public final class ScoredMaskCoder extends AtomicCoder<ScoredMask> {
  private static final long serialVersionUID = 1L;
  private static final ScoredMaskCoder INSTANCE = new ScoredMaskCoder();

  private ScoredMaskCoder() {}

  public static ScoredMaskCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ScoredMask value, OutputStream outStream) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null ScoredMask");
    }
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeLong(value.sampleIndex());
    out.writeInt(value.layers().size());
    for (String layer : value.layers()) {
      out.writeUTF(layer);
    }
    out.writeInt(value.rows().length);
    for (double[] row : value.rows()) {
      CoderArrays.writeDoubles(row, out);
    }
    out.writeDouble(value.achievedSparsity());
    out.writeDouble(value.effectiveSparsity());
    CoderArrays.writeChannels(value.channels(), out);
    out.flush();
  }

  @Override
  public ScoredMask decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    long sampleIndex = in.readLong();
    List<String> layers = new ArrayList<>();
    for (int i = count(in, "layers"); i > 0; i--) {
      layers.add(in.readUTF());
    }
    double[][] rows = new double[count(in, "rows")][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = CoderArrays.readDoubles(in, "ScoredMask row");
    }
    double achieved = in.readDouble();
    double effective = in.readDouble();
    List<long[]> channels = CoderArrays.readChannels(in);
    return new ScoredMask(sampleIndex, List.copyOf(layers), rows, achieved, effective, channels);
  }

  private static int count(DataInputStream in, String what) throws IOException {
    return CoderArrays.count(in, "ScoredMask", what);
  }

  /** The fields are written in a fixed order with fixed-width numbers, so equal values encode to equal bytes. */
  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
