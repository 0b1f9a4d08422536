package io.fullspectrum.records;

import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.MaskSetArrow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Beam coder for {@link MaskSet}: a length prefix, then the Arrow IPC stream of {@link MaskSetArrow}, so that
 * masks cross stage boundaries (and Flink's network) Arrow-encoded and bit-packed.
 */
public final class MaskSetCoder extends CustomCoder<MaskSet> {
  private static final long serialVersionUID = 1L;
  private static final MaskSetCoder INSTANCE = new MaskSetCoder();

  private MaskSetCoder() {}

  public static MaskSetCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(MaskSet value, OutputStream outStream) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null MaskSet");
    }
    java.io.ByteArrayOutputStream bytes = MaskSetArrow.encoded(value);
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeInt(bytes.size());
    bytes.writeTo(out);
    out.flush();
  }

  @Override
  public MaskSet decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    int length = in.readInt();
    if (length < 0) {
      throw new CoderException("corrupt MaskSet encoding: negative length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return MaskSetArrow.fromBytes(bytes);
  }

  /** The Arrow stream is a pure function of the value, so equal sets encode to equal bytes. */
  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
