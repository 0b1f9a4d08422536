package io.fullspectrum.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded mutations of a valid file's bytes: what a torn download, a bad disk or a wrong tool leaves. */
public final class Mutations {
  private Mutations() {}

  /** Values that break size arithmetic: signs, int overflow, huge. */
  static final long[] NASTY = {-1, 0, 1, 255, 256, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE,
      (long) Integer.MAX_VALUE + 1, 4_294_967_295L, Long.MAX_VALUE / 2, 1_000_000_000};

  /** Mutation {@code kind} (0..6) of {@code valid}, seeded by {@code random}; a short description in {@code what}. */
  public static byte[] mutate(byte[] valid, SplittableRandom random, StringBuilder what) {
    byte[] b = valid.clone();
    int kind = random.nextInt(7);
    switch (kind) {
      case 0 -> {
        int at = random.nextInt(Math.max(1, b.length));
        what.append("truncated at ").append(at);
        return Arrays.copyOf(b, at);
      }
      case 1 -> {
        int flips = 1 + random.nextInt(16);
        what.append(flips).append(" bit flips");
        for (int i = 0; i < flips && b.length > 0; i++) {
          int at = random.nextInt(b.length);
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      case 2 -> {
        // The header region, where sizes and counts live.
        int n = 1 + random.nextInt(8);
        what.append(n).append(" header bytes overwritten");
        for (int i = 0; i < n && b.length > 0; i++) {
          int at = random.nextInt(Math.min(b.length, 256));
          int v = random.nextInt(4);
          b[at] = (byte) (v == 0 ? 0 : v == 1 ? 0xff : v == 2 ? 0x7f : random.nextInt(256));
        }
        return b;
      }
      case 3 -> {
        // A 4-byte integer somewhere in the header set to a nasty value, in both byte orders.
        if (b.length < 4) {
          return b;
        }
        int at = random.nextInt(Math.min(b.length, 256) - 3);
        long v = NASTY[random.nextInt(NASTY.length)];
        boolean little = random.nextBoolean();
        what.append("int at ").append(at).append(" = ").append(v).append(little ? " LE" : " BE");
        for (int i = 0; i < 4; i++) {
          b[at + (little ? i : 3 - i)] = (byte) (v >>> (8 * i));
        }
        return b;
      }
      case 4 -> {
        int at = random.nextInt(b.length + 1);
        int n = 1 + random.nextInt(64);
        what.append(n).append(" random bytes inserted at ").append(at);
        byte[] extra = new byte[n];
        for (int i = 0; i < n; i++) {
          extra[i] = (byte) random.nextInt(256);
        }
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, n);
        System.arraycopy(b, at, out, at + n, b.length - at);
        return out;
      }
      case 5 -> {
        if (b.length == 0) {
          return b;
        }
        int at = random.nextInt(b.length);
        int n = Math.min(b.length - at, 1 + random.nextInt(64));
        what.append(n).append(" bytes deleted at ").append(at);
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
      }
      default -> {
        // Text-level: a number in an ASCII header (a .npy shape, a preset value) replaced by a nasty one.
        String s = new String(b, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(s);
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        while (m.find() && spans.size() < 64) {
          spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
          return b;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        long v = NASTY[random.nextInt(NASTY.length)];
        what.append("number at ").append(span[0]).append(" = ").append(v);
        return (s.substring(0, span[0]) + v + s.substring(span[1])).getBytes(StandardCharsets.ISO_8859_1);
      }
    }
  }
}
