package io.fullspectrum.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy {@code .npy} array (format 1.0-3.0), read as float32 values or as a 0/1 mask: the dtypes PyTorch users
 * save ({@code float32/64/16}, {@code bool}, {@code uint8/int8}, {@code int32/int64}), C order, any endianness.
 */
public final class NpyArray {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final int[] shape;
  private final char kind;
  private final int itemSize;
  private final ByteBuffer data;

  private NpyArray(int[] shape, char kind, int itemSize, ByteBuffer data) {
    this.shape = shape;
    this.kind = kind;
    this.itemSize = itemSize;
    this.data = data;
  }

  /**
   * Parses an array.
   *
   * @param source names the array in error messages, e.g. {@code net.npz:conv1.weight}
   * @throws IOException with a one-line message naming {@code source} when the bytes are not a supported array
   */
  public static NpyArray read(InputStream in, String source) throws IOException {
    return read(in, source, Long.MAX_VALUE);
  }

  /**
   * Parses an array whose data may take at most {@code maxBytes} (checked against the header before any data is
   * read, so that an archive's lying or bomb-sized entry costs nothing).
   */
  public static NpyArray read(InputStream in, String source, long maxBytes) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
      throw new IOException(source + ": not a NumPy .npy array (bad magic)");
    }
    int major = magic[6];
    int headerLength;
    if (major == 1) {
      byte[] len = in.readNBytes(2);
      if (len.length < 2) {
        throw new IOException(source + ": truncated .npy header");
      }
      headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
    } else if (major == 2 || major == 3) {
      byte[] len = in.readNBytes(4);
      if (len.length < 4) {
        throw new IOException(source + ": truncated .npy header");
      }
      headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
    } else {
      throw new IOException(source + ": unsupported .npy format version " + major);
    }
    if (headerLength < 0) {
      throw new IOException(source + ": bad .npy header length " + Integer.toUnsignedString(headerLength));
    }
    byte[] headerBytes = in.readNBytes(headerLength);
    if (headerBytes.length < headerLength) {
      throw new IOException(source + ": truncated .npy header");
    }
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeMatch = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
      throw new IOException(source + ": unreadable .npy header " + printable(header.trim(), 120));
    }
    if (fortran.group(1).equals("True")) {
      throw new IOException(source + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
    }
    char kind = descr.group(2).charAt(0);
    int itemSize;
    try {
      itemSize = Integer.parseInt(descr.group(3));
    } catch (NumberFormatException e) {
      throw new IOException(source + ": unsupported dtype " + descr.group(1) + kind + descr.group(3));
    }
    if (!supported(kind, itemSize)) {
      throw new IOException(source + ": unsupported dtype " + descr.group(1) + kind + itemSize);
    }
    ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int[] shape = parseShape(shapeMatch.group(1), source);
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IOException(source + ": bad .npy shape " + Arrays.toString(shape) + " (negative dimension)");
      }
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw new IOException(source + ": array of shape " + Arrays.toString(shape) + " is too large");
      }
    }
    long bytes = count * itemSize;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IOException(source + ": array of " + count + " values is too large");
    }
    if (bytes > maxBytes) {
      throw new IOException(source + ": declares " + bytes + " bytes of data, more than the " + maxBytes
          + " its archive may still inflate to (a zip bomb, or not an array of this network)");
    }
    byte[] body = in.readNBytes((int) bytes);
    if (body.length < bytes) {
      throw new IOException(source + ": truncated .npy data (" + body.length + " of " + bytes + " bytes)");
    }
    return new NpyArray(shape, kind, itemSize, ByteBuffer.wrap(body).order(order));
  }

  /** Text from a file, fit for a one-line message: control and non-ASCII characters escaped, at most {@code max}. */
  static String printable(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", (int) c & 0xff));
      }
    }
    return text.length() > max ? out + "..." : out.toString();
  }

  private static boolean supported(char kind, int size) {
    switch (kind) {
      case 'f':
        return size == 2 || size == 4 || size == 8;
      case 'b':
        return size == 1;
      case 'u':
      case 'i':
        return size == 1 || size == 2 || size == 4 || size == 8;
      default:
        return false;
    }
  }

  private static int[] parseShape(String text, String source) throws IOException {
    String[] parts = text.split(",");
    int n = 0;
    int[] shape = new int[parts.length];
    for (String part : parts) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      try {
        shape[n++] = Integer.parseInt(p.replace("L", ""));
      } catch (NumberFormatException e) {
        throw new IOException(source + ": bad .npy shape (" + printable(text, 80) + ")");
      }
    }
    return Arrays.copyOf(shape, n);
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return data.capacity() / itemSize;
  }

  /** Whether the dtype is a floating-point one. */
  public boolean isFloating() {
    return kind == 'f';
  }

  /** The values as float32. */
  public float[] toFloats() {
    int n = size();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) valueAt(i);
    }
    return out;
  }

  /** Whether the dtype is an integer one (signed or unsigned). */
  public boolean isInteger() {
    return kind == 'i' || kind == 'u';
  }

  /** The values as longs (integer dtypes). */
  public long[] toLongs() {
    int n = size();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = (long) valueAt(i);
    }
    return out;
  }

  /**
   * A {@code .npy} file's header: shape, dtype ({@code kind} as numpy's 'f', 'i', 'u', 'b'; bytes an item), byte
   * order, and where its data starts, so that the data can be mapped rather than read into the heap.
   */
  public record Header(int[] shape, char kind, int itemSize, ByteOrder order, long dataOffset) {
    /** Elements. */
    public long count() {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /**
   * Reads a {@code .npy} file's header alone.
   *
   * @throws IOException one line naming the file when it is not a supported array
   */
  public static Header header(java.nio.file.Path path) throws IOException {
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file");
    }
    try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
        java.nio.file.Files.newInputStream(path)))) {
      byte[] magic = in.readNBytes(8);
      if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
        throw new IOException(path + ": not a NumPy .npy array (bad magic)");
      }
      int headerLength;
      long offset;
      if (magic[6] == 1) {
        headerLength = (in.readUnsignedByte()) | in.readUnsignedByte() << 8;
        offset = 10 + headerLength;
      } else {
        byte[] len = in.readNBytes(4);
        headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
        offset = 12 + (long) headerLength;
      }
      String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
      Matcher descr = DESCR.matcher(header);
      Matcher fortran = FORTRAN.matcher(header);
      Matcher shapeMatch = SHAPE.matcher(header);
      if (!descr.find() || !fortran.find() || !shapeMatch.find() || fortran.group(1).equals("True")) {
        throw new IOException(path + ": unreadable or Fortran-ordered .npy header " + printable(header.trim(), 120));
      }
      ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      return new Header(parseShape(shapeMatch.group(1), path.toString()), descr.group(2).charAt(0),
          Integer.parseInt(descr.group(3)), order, offset);
    }
  }

  /** Reads one {@code .npy} file. */
  public static NpyArray readFile(java.nio.file.Path path) throws IOException {
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file");
    }
    try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(path))) {
      return read(in, path.toString());
    }
  }

  /** The values as a mask: 1 where non-zero. */
  public byte[] toMask() {
    int n = size();
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (valueAt(i) != 0 ? 1 : 0);
    }
    return out;
  }

  private double valueAt(int i) {
    int at = i * itemSize;
    switch (kind) {
      case 'f':
        if (itemSize == 4) {
          return data.getFloat(at);
        } else if (itemSize == 8) {
          return data.getDouble(at);
        }
        return halfToFloat(data.getShort(at));
      case 'b':
      case 'u':
        return unsignedAt(at);
      default:
        return signedAt(at);
    }
  }

  /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
  }

  private double unsignedAt(int at) {
    switch (itemSize) {
      case 1:
        return data.get(at) & 0xff;
      case 2:
        return data.getShort(at) & 0xffff;
      case 4:
        return data.getInt(at) & 0xffffffffL;
      default:
        return data.getLong(at);
    }
  }

  private double signedAt(int at) {
    switch (itemSize) {
      case 1:
        return data.get(at);
      case 2:
        return data.getShort(at);
      case 4:
        return data.getInt(at);
      default:
        return data.getLong(at);
    }
  }

  /** Writes a float32 array in {@code .npy} 1.0 format. */
  public static void writeFloats(OutputStream out, int[] shape, float[] values) throws IOException {
    ByteBuffer body = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      body.putFloat(v);
    }
    write(out, "<f4", shape, body.array());
  }

  /** Writes a 0/1 mask as a {@code bool} array in {@code .npy} 1.0 format. */
  public static void writeMask(OutputStream out, int[] shape, byte[] mask) throws IOException {
    write(out, "|b1", shape, mask);
  }

  private static void write(OutputStream out, String descr, int[] shape, byte[] body) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(d).append(", ");
    }
    String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(MAGIC);
    head.write(1);
    head.write(0);
    head.write(header.length() & 0xff);
    head.write(header.length() >> 8 & 0xff);
    head.write(header.getBytes(StandardCharsets.ISO_8859_1));
    out.write(head.toByteArray());
    out.write(body);
  }
}
