package io.fullspectrum.records;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The wire form of the arrays our coders share (draws, CompareMerge's accumulator): a length, then the values. Per
 * layer channel adjacency (a nullable list of bit-packed {@code long[]}, 175 KB for ResNet-18) goes as a count
 * ({@code -1} for null), then per layer its word count ({@code -1} for a layer left out) and its words as raw bytes,
 * where Java serialisation wrote them one by one.
 */
final class CoderArrays {
  private CoderArrays() {}

  static void writeChannels(List<long[]> channels, DataOutputStream out) throws IOException {
    out.writeInt(channels == null ? -1 : channels.size());
    if (channels == null) {
      return;
    }
    for (long[] bits : channels) {
      if (bits == null) {
        out.writeInt(-1); // a layer CompareMerge's guard no longer needs (withoutUnreachableChannels)
        continue;
      }
      ByteBuffer bytes = ByteBuffer.allocate(bits.length * Long.BYTES);
      bytes.asLongBuffer().put(bits);
      out.writeInt(bits.length);
      out.write(bytes.array());
    }
  }

  static List<long[]> readChannels(DataInputStream in) throws IOException {
    int layers = in.readInt();
    if (layers < 0) {
      return null;
    }
    List<long[]> channels = new ArrayList<>(layers);
    for (int i = 0; i < layers; i++) {
      int words = in.readInt();
      if (words == -1) {
        channels.add(null);
        continue;
      }
      if (words < 0) {
        throw new CoderException("corrupt channel adjacency encoding: " + words + " channel words");
      }
      byte[] bytes = new byte[words * Long.BYTES];
      in.readFully(bytes);
      long[] bits = new long[bytes.length / Long.BYTES];
      ByteBuffer.wrap(bytes).asLongBuffer().get(bits);
      channels.add(bits);
    }
    return Collections.unmodifiableList(channels);
  }

  static void writeDoubles(double[] values, DataOutputStream out) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  static double[] readDoubles(DataInputStream in, String what) throws IOException {
    double[] values = new double[count(in, what, "values")];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }

  /** A non-negative count, or a one-line error naming the encoding and the field. */
  static int count(DataInputStream in, String encoding, String what) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new CoderException("corrupt " + encoding + " encoding: " + n + " " + what);
    }
    return n;
  }
}
