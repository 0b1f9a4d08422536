package io.fullspectrum.stages;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Beam coder for {@link ScoredMask}: its fields in order, the channel adjacency as raw longs. Java serialization
 * (the SerializableCoder it replaces) took 3% of a ResNet-18 PAGS run's draw phase on the direct runner, whose
 * immutability checks encode every element again (a guarded draw carries 175 KB of adjacency).
 */
public final class ScoredMaskCoder extends CustomCoder<ScoredMask> {
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
      out.writeInt(row.length);
      for (double v : row) {
        out.writeDouble(v);
      }
    }
    out.writeDouble(value.achievedSparsity());
    out.writeDouble(value.effectiveSparsity());
    List<long[]> channels = value.channels();
    out.writeInt(channels == null ? -1 : channels.size());
    if (channels != null) {
      for (long[] bits : channels) {
        ByteBuffer bytes = ByteBuffer.allocate(bits.length * Long.BYTES);
        bytes.asLongBuffer().put(bits);
        out.writeInt(bits.length);
        out.write(bytes.array());
      }
    }
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
      rows[i] = new double[count(in, "row values")];
      for (int j = 0; j < rows[i].length; j++) {
        rows[i][j] = in.readDouble();
      }
    }
    double achieved = in.readDouble();
    double effective = in.readDouble();
    int layersWithChannels = in.readInt();
    List<long[]> channels = null;
    if (layersWithChannels >= 0) {
      channels = new ArrayList<>();
      for (int i = 0; i < layersWithChannels; i++) {
        byte[] bytes = new byte[count(in, "channel words") * Long.BYTES];
        in.readFully(bytes);
        long[] bits = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).asLongBuffer().get(bits);
        channels.add(bits);
      }
    }
    return new ScoredMask(sampleIndex, List.copyOf(layers), rows, achieved, effective,
        channels == null ? null : List.copyOf(channels));
  }

  private static int count(DataInputStream in, String what) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new CoderException("corrupt ScoredMask encoding: " + n + " " + what);
    }
    return n;
  }

  /** The fields are written in a fixed order with fixed-width numbers, so equal values encode to equal bytes. */
  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
