package io.fullspectrum.records;

import io.fullspectrum.schemas.LayerRecord;
import io.fullspectrum.schemas.MaskSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;

/** Beam coder for a single {@link LayerRecord}: the one-row Arrow batch of the mask-set layout. */
public final class LayerRecordCoder extends CustomCoder<LayerRecord> {
  private static final long serialVersionUID = 1L;
  private static final LayerRecordCoder INSTANCE = new LayerRecordCoder();

  private LayerRecordCoder() {}

  public static LayerRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(LayerRecord value, OutputStream outStream) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null LayerRecord");
    }
    MaskSetCoder.of().encode(MaskSet.of("layer", 0, 0, 0, List.of(value)), outStream);
  }

  @Override
  public LayerRecord decode(InputStream inStream) throws IOException {
    MaskSet set = MaskSetCoder.of().decode(inStream);
    if (set.layers().size() != 1) {
      throw new CoderException("corrupt LayerRecord encoding: " + set.layers().size() + " layers");
    }
    return set.layers().get(0);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
