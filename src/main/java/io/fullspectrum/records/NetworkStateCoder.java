package io.fullspectrum.records;

import io.fullspectrum.schemas.MaskSet;
import io.fullspectrum.schemas.NetworkState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/** Beam coder for {@link NetworkState}: its header, then the two mask sets Arrow-encoded. */
public final class NetworkStateCoder extends CustomCoder<NetworkState> {
  private static final long serialVersionUID = 1L;
  private static final NetworkStateCoder INSTANCE = new NetworkStateCoder();

  private NetworkStateCoder() {}

  public static NetworkStateCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(NetworkState value, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeUTF(value.architecture());
    out.writeInt(value.classes());
    out.writeInt(value.channels());
    out.writeInt(value.height());
    out.writeInt(value.width());
    out.flush();
    MaskSetCoder.of().encode(value.prunable(), outStream);
    MaskSetCoder.of().encode(value.others(), outStream);
  }

  @Override
  public NetworkState decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    String arch = in.readUTF();
    int classes = in.readInt();
    int channels = in.readInt();
    int height = in.readInt();
    int width = in.readInt();
    MaskSet prunable = MaskSetCoder.of().decode(inStream);
    MaskSet others = MaskSetCoder.of().decode(inStream);
    return NetworkState.of(arch, classes, channels, height, width, prunable, others);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
