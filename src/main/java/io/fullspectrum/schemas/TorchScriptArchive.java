package io.fullspectrum.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript file ({@code torch.jit.save}) as the zip archive it is: its module tree's tensors by dotted
 * attribute path ({@code layer1.0.bn1.running_mean}), read from {@code data.pkl} (Python's pickle, protocol 2, as
 * libtorch writes it) and the raw storages under {@code data/}, and a copy with some tensors' values replaced. DJL reaches
 * a loaded module's parameters but not its buffers (batch norm's running statistics); this is how they cross stages.
 */
public final class TorchScriptArchive {
  /** A tensor of the archive: its storage entry, element type, offset in the storage (elements) and shape. */
  public record Tensor(String storage, String dtype, long offset, int[] shape, long[] stride) {
    /** Elements. */
    public int numel() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }

    boolean contiguous() {
      long expected = 1;
      for (int i = shape.length - 1; i >= 0; i--) {
        if (shape[i] != 1 && stride[i] != expected) {
          return false;
        }
        expected *= shape[i];
      }
      return true;
    }
  }

  private final String source;
  private final LinkedHashMap<String, byte[]> entries;
  private final String prefix;
  private final LinkedHashMap<String, Tensor> tensors;

  private TorchScriptArchive(String source, LinkedHashMap<String, byte[]> entries, String prefix,
      LinkedHashMap<String, Tensor> tensors) {
    this.source = source;
    this.entries = entries;
    this.prefix = prefix;
    this.tensors = tensors;
  }

  /**
   * Reads an archive.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException one line naming the file when it is not a TorchScript archive
   */
  public static TorchScriptArchive read(byte[] zip, String source) {
    LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
    // Through the central directory: torch.jit.save writes stored entries with data descriptors, which a
    // ZipInputStream cannot read.
    java.nio.file.Path tmp = null;
    try {
      tmp = java.nio.file.Files.createTempFile("torchscript-", ".zip");
      java.nio.file.Files.write(tmp, zip);
      try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(tmp.toFile())) {
        for (ZipEntry e : java.util.Collections.list(file.entries())) {
          try (java.io.InputStream in = file.getInputStream(e)) {
            entries.put(e.getName(), in.readAllBytes());
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": not a TorchScript file (not a zip archive: " + e.getMessage()
          + ")", e);
    } finally {
      if (tmp != null) {
        try {
          java.nio.file.Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
    String pickle = null;
    for (String name : entries.keySet()) {
      if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
        pickle = name;
        break;
      }
    }
    if (pickle == null || !entries.containsKey(pickle.replace("data.pkl", "constants.pkl"))) {
      throw new IllegalArgumentException(source + ": not a TorchScript file (no data.pkl and constants.pkl: "
          + "save it with torch.jit.save of a scripted or traced module)");
    }
    String prefix = pickle.substring(0, pickle.length() - "data.pkl".length());
    Object root;
    try {
      root = new Unpickler(entries.get(pickle)).load();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": unreadable " + pickle + " (" + e.getMessage() + ")", e);
    }
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    collect(root, "", tensors);
    return new TorchScriptArchive(source, entries, prefix, tensors);
  }

  /** Every tensor attribute of the module tree, by dotted path, in the archive's order. */
  public Map<String, Tensor> tensors() {
    return java.util.Collections.unmodifiableMap(tensors);
  }

  /** A tensor's values as floats (float32, float64 and integer tensors). */
  public float[] values(String path) {
    Tensor t = tensor(path);
    byte[] storage = entries.get(prefix + "data/" + t.storage());
    if (storage == null) {
      throw new IllegalArgumentException(source + ": tensor " + path + " has no storage data/" + t.storage());
    }
    ByteBuffer b = ByteBuffer.wrap(storage).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[t.numel()];
    int size = bytes(t.dtype(), path);
    for (int i = 0; i < out.length; i++) {
      int at = (int) ((t.offset() + i) * size);
      out[i] = switch (t.dtype()) {
        case "FloatStorage" -> b.getFloat(at);
        case "DoubleStorage" -> (float) b.getDouble(at);
        case "LongStorage" -> (float) b.getLong(at);
        case "IntStorage" -> (float) b.getInt(at);
        default -> throw new IllegalStateException(t.dtype());
      };
    }
    return out;
  }

  /**
   * The archive with these tensors' values replaced (each as many values as the tensor has elements), every other
   * entry as it was.
   */
  public byte[] withValues(Map<String, float[]> values) {
    Map<String, byte[]> storages = new HashMap<>();
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      Tensor t = tensor(e.getKey());
      if (e.getValue().length != t.numel()) {
        throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " has " + t.numel() + " elements, not "
            + e.getValue().length);
      }
      String name = prefix + "data/" + t.storage();
      byte[] storage = storages.computeIfAbsent(name, n -> entries.get(n).clone());
      ByteBuffer b = ByteBuffer.wrap(storage).order(ByteOrder.LITTLE_ENDIAN);
      int size = bytes(t.dtype(), e.getKey());
      for (int i = 0; i < e.getValue().length; i++) {
        int at = (int) ((t.offset() + i) * size);
        float v = e.getValue()[i];
        switch (t.dtype()) {
          case "FloatStorage" -> b.putFloat(at, v);
          case "DoubleStorage" -> b.putDouble(at, v);
          case "LongStorage" -> b.putLong(at, Math.round((double) v));
          case "IntStorage" -> b.putInt(at, Math.round(v));
          default -> throw new IllegalStateException(t.dtype());
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        byte[] data = storages.getOrDefault(e.getKey(), e.getValue());
        ZipEntry z = new ZipEntry(e.getKey());
        z.setMethod(ZipEntry.STORED); // as torch.jit.save writes it
        z.setSize(data.length);
        z.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        z.setCrc(crc.getValue());
        out.putNextEntry(z);
        out.write(data);
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private Tensor tensor(String path) {
    Tensor t = tensors.get(path);
    if (t == null) {
      throw new IllegalArgumentException(source + ": the module has no tensor " + path);
    }
    return t;
  }

  private int bytes(String dtype, String path) {
    return switch (dtype) {
      case "FloatStorage", "IntStorage" -> 4;
      case "DoubleStorage", "LongStorage" -> 8;
      default -> throw new IllegalArgumentException(source + ": tensor " + path + " is of " + dtype
          + ", not float32, float64, int32 or int64");
    };
  }

  /** Walks the module tree: an object's attributes by name, its tensors recorded, its sub-objects entered. */
  private static void collect(Object node, String path, LinkedHashMap<String, Tensor> out) {
    if (node instanceof Obj o && o.state() instanceof Map<?, ?> attributes) {
      for (Map.Entry<?, ?> a : attributes.entrySet()) {
        if (a.getKey() instanceof String key) {
          collect(a.getValue(), path + key + ".", out);
        }
      }
    } else if (node instanceof Call c && c.function().equals("torch._utils._rebuild_tensor_v2")) {
      out.put(path.substring(0, path.length() - 1), tensorOf(c));
    }
  }

  private static Tensor tensorOf(Call c) {
    List<?> args = c.args();
    if (!(args.get(0) instanceof Storage s)) {
      throw new IllegalArgumentException("a tensor without a storage");
    }
    return new Tensor(s.key(), s.dtype(), ((Number) args.get(1)).longValue(), ints(args.get(2)), longs(args.get(3)));
  }

  private static int[] ints(Object tuple) {
    List<?> l = (List<?>) tuple;
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).intValue();
    }
    return out;
  }

  private static long[] longs(Object tuple) {
    List<?> l = (List<?>) tuple;
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).longValue();
    }
    return out;
  }

  /** A pickled object: its class and the state BUILD gave it. */
  record Obj(String className, Object state) {}

  /** A REDUCE of a global function on its arguments, left unevaluated. */
  record Call(String function, List<?> args) {}

  /** A persistent id {@code ('storage', dtype, key, location, numel)}. */
  record Storage(String dtype, String key) {}

  /** A global name pushed by GLOBAL. */
  record Global(String name) {}

  /** Python's pickle machine, for the opcodes libtorch's pickler writes. */
  private static final class Unpickler {
    private static final Object MARK = new Object();
    private final ByteBuffer in;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    Unpickler(byte[] data) {
      this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    Object load() {
      while (true) {
        int op = in.get() & 0xFF;
        switch (op) {
          case 0x80 -> in.get(); // PROTO
          case '.' -> {
            return stack.pop(); // STOP
          }
          case '(' -> stack.push(MARK);
          case ')' -> stack.push(List.of()); // EMPTY_TUPLE
          case ']' -> stack.push(new ArrayList<>()); // EMPTY_LIST
          case '}' -> stack.push(new LinkedHashMap<>()); // EMPTY_DICT
          case 'N' -> stack.push(NONE);
          case 0x88 -> stack.push(Boolean.TRUE);
          case 0x89 -> stack.push(Boolean.FALSE);
          case 'K' -> stack.push((long) (in.get() & 0xFF)); // BININT1
          case 'M' -> stack.push((long) (in.getShort() & 0xFFFF)); // BININT2
          case 'J' -> stack.push((long) in.getInt()); // BININT
          case 0x8a -> stack.push(long1()); // LONG1
          case 'G' -> stack.push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT, big-endian
          case 'X' -> stack.push(string(in.getInt())); // BINUNICODE
          case 0x8c -> stack.push(string(in.get() & 0xFF)); // SHORT_BINUNICODE
          case 'T' -> stack.push(string(in.getInt())); // BINSTRING
          case 'U' -> stack.push(string(in.get() & 0xFF)); // SHORT_BINSTRING
          case 'B' -> stack.push(bytes(in.getInt())); // BINBYTES
          case 'C' -> stack.push(bytes(in.get() & 0xFF)); // SHORT_BINBYTES
          case 'c' -> stack.push(new Global(line() + "." + line())); // GLOBAL
          case 't' -> stack.push(List.copyOf(popMark())); // TUPLE
          case 0x85 -> stack.push(List.of(stack.pop())); // TUPLE1
          case 0x86 -> {
            Object b = stack.pop();
            stack.push(List.of(stack.pop(), b)); // TUPLE2
          }
          case 0x87 -> {
            Object c = stack.pop();
            Object b = stack.pop();
            stack.push(List.of(stack.pop(), b, c)); // TUPLE3
          }
          case 'a' -> {
            Object v = stack.pop();
            list(stack.peek()).add(v); // APPEND
          }
          case 'e' -> {
            List<Object> items = popMark();
            list(stack.peek()).addAll(items); // APPENDS
          }
          case 's' -> {
            Object v = stack.pop();
            Object k = stack.pop();
            map(stack.peek()).put(k, v); // SETITEM
          }
          case 'u' -> {
            List<Object> items = popMark();
            Map<Object, Object> m = map(stack.peek());
            for (int i = 0; i + 1 < items.size(); i += 2) {
              m.put(items.get(i), items.get(i + 1)); // SETITEMS
            }
          }
          case 'q' -> memo.put(in.get() & 0xFF, stack.peek()); // BINPUT
          case 'r' -> memo.put(in.getInt(), stack.peek()); // LONG_BINPUT
          case 'h' -> stack.push(memo.get(in.get() & 0xFF)); // BINGET
          case 'j' -> stack.push(memo.get(in.getInt())); // LONG_BINGET
          case 'Q' -> stack.push(persistent(stack.pop())); // BINPERSID
          case 'R' -> {
            Object args = stack.pop();
            Global f = (Global) stack.pop();
            stack.push(new Call(f.name(), (List<?>) args)); // REDUCE
          }
          case 0x81 -> {
            stack.pop(); // NEWOBJ: the arguments (an empty tuple for TorchScript objects)
            Global cls = (Global) stack.pop();
            stack.push(new Obj(cls.name(), null));
          }
          case 'b' -> {
            Object state = stack.pop();
            Object target = stack.pop();
            stack.push(target instanceof Obj o ? new Obj(o.className(), state) : target); // BUILD
          }
          case '0' -> stack.pop(); // POP
          case '2' -> stack.push(stack.peek()); // DUP
          default -> throw new IllegalArgumentException("pickle opcode 0x" + Integer.toHexString(op)
              + " at byte " + (in.position() - 1));
        }
      }
    }

    private static final Object NONE = new Object();

    private Object persistent(Object pid) {
      List<?> t = (List<?>) pid;
      if (t.size() >= 3 && "storage".equals(t.get(0)) && t.get(1) instanceof Global dtype) {
        String name = dtype.name();
        return new Storage(name.substring(name.lastIndexOf('.') + 1), String.valueOf(t.get(2)));
      }
      return pid;
    }

    private long long1() {
      int n = in.get() & 0xFF;
      long v = 0;
      for (int i = 0; i < n; i++) {
        v |= (long) (in.get() & 0xFF) << (8 * i);
      }
      if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
        v -= 1L << (8 * n); // two's complement of n bytes
      }
      return v;
    }

    private String string(int length) {
      byte[] b = new byte[length];
      in.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    private byte[] bytes(int length) {
      byte[] b = new byte[length];
      in.get(b);
      return b;
    }

    private String line() {
      StringBuilder s = new StringBuilder();
      for (byte c = in.get(); c != '\n'; c = in.get()) {
        s.append((char) c);
      }
      return s.toString();
    }

    private List<Object> popMark() {
      List<Object> items = new ArrayList<>();
      for (Object o = stack.pop(); o != MARK; o = stack.pop()) {
        items.add(o);
      }
      java.util.Collections.reverse(items);
      return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
      return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) {
      return (Map<Object, Object>) o;
    }
  }

  @Override
  public String toString() {
    return source + " (" + tensors.size() + " tensors: " + Arrays.toString(tensors.keySet().toArray()) + ")";
  }
}
