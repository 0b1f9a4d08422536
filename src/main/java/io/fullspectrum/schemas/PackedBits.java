package io.fullspectrum.schemas;

/**
 * Masks of 0/1 bytes packed eight to a byte (least significant bit first, as Arrow's validity and bit vectors):
 * what a mask costs when it has to cross a stage boundary or wait in a group.
 */
public final class PackedBits {
  private PackedBits() {}

  /** Packs a 0/1 mask; any non-zero byte counts as 1. */
  public static byte[] pack(byte[] mask) {
    byte[] out = new byte[(mask.length + 7) >>> 3];
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] != 0) {
        out[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    return out;
  }

  /**
   * Unpacks the first {@code length} bits.
   *
   * @throws IllegalArgumentException when {@code packed} holds fewer than {@code length} bits
   */
  public static byte[] unpack(byte[] packed, int length) {
    if (length < 0 || ((long) length + 7) >>> 3 > packed.length) {
      throw new IllegalArgumentException("packed mask: " + packed.length + " bytes cannot hold " + length + " bits");
    }
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) ((packed[i >>> 3] >>> (i & 7)) & 1);
    }
    return out;
  }
}
