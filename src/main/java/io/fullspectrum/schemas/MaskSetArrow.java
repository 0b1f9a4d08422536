package io.fullspectrum.schemas;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow encoding of a {@link MaskSet}: one row per layer ({@code layer}, {@code shape}, {@code weights},
 * {@code mask}) and the set's provenance in the schema's custom metadata. The same layout is published in
 * {@code schemas/mask_set.schema.json} so that pyarrow or apache-arrow (JS) read our files.
 */
public final class MaskSetArrow {
  /** Bumped whenever the layout changes incompatibly. */
  public static final String SCHEMA_VERSION = "1";

  public static final String META_SCHEMA = "fullspectrum.schema";
  public static final String META_VERSION = "fullspectrum.schema_version";
  public static final String META_GENERATOR = "fullspectrum.generator";
  public static final String META_SEED = "fullspectrum.seed";
  public static final String META_SPARSITY = "fullspectrum.sparsity";
  public static final String META_SAMPLE_INDEX = "fullspectrum.sample_index";

  private static final Field LAYER = Field.notNullable("layer", ArrowType.Utf8.INSTANCE);
  private static final Field SHAPE = listOf("shape", new ArrowType.Int(32, true), false);
  private static final Field WEIGHTS =
      listOf("weights", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), true);
  private static final Field MASK = listOf("mask", ArrowType.Bool.INSTANCE, false);

  private MaskSetArrow() {}

  /** The schema of a mask set with the given metadata; {@code layerRecordSchema} has none. */
  public static Schema schema(Map<String, String> metadata) {
    return new Schema(List.of(LAYER, SHAPE, WEIGHTS, MASK), metadata);
  }

  /** The metadata-free layout that every mask-set file shares, as published under {@code schemas/}. */
  public static Schema layout() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(META_SCHEMA, "mask_set");
    meta.put(META_VERSION, SCHEMA_VERSION);
    return schema(meta);
  }

  private static Field listOf(String name, ArrowType element, boolean nullable) {
    Field item = Field.notNullable("item", element);
    return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(item));
  }

  private static Map<String, String> metadataOf(MaskSet set) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(META_SCHEMA, "mask_set");
    meta.put(META_VERSION, SCHEMA_VERSION);
    meta.put(META_GENERATOR, set.generator());
    meta.put(META_SEED, Long.toString(set.seed()));
    meta.put(META_SPARSITY, Double.toString(set.sparsity()));
    meta.put(META_SAMPLE_INDEX, Long.toString(set.sampleIndex()));
    return meta;
  }

  /** Writes the set as one Arrow IPC stream (the encoding our Beam coders use). */
  public static void writeStream(MaskSet set, OutputStream out) throws IOException {
    try (BufferAllocator allocator = ArrowAllocators.child("mask-set-write");
        VectorSchemaRoot root = fill(set, allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
  }

  /** Reads a set written by {@link #writeStream}. */
  public static MaskSet readStream(InputStream in, String source) throws IOException {
    try (BufferAllocator allocator = ArrowAllocators.child("mask-set-read");
        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
      return readAll(reader, source);
    } catch (RuntimeException e) {
      throw corrupt(source, e);
    }
  }

  /** Encodes the set to bytes (Arrow IPC stream). */
  public static byte[] toBytes(MaskSet set) {
    return encoded(set).toByteArray();
  }

  /**
   * The set's Arrow IPC stream in a buffer sized for it up front (weights at 4 bytes, masks at 1, plus the schema):
   * a ResNet-18 state (57 MB) no longer passes through a buffer that doubles as it grows (up to three copies on the
   * heap at once); {@code writeTo} then hands the bytes on without another copy.
   */
  public static ByteArrayOutputStream encoded(MaskSet set) {
    long estimate = 1 << 16;
    for (LayerRecord r : set.layers()) {
      estimate += (r.weights() == null ? 0 : 4L * r.numel()) + r.numel() + 256;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(estimate, Integer.MAX_VALUE - 8));
    try {
      writeStream(set, bytes);
    } catch (IOException e) {
      throw new IllegalStateException("writing a mask set to memory failed", e);
    }
    return bytes;
  }

  /** Decodes bytes written by {@link #toBytes}. */
  public static MaskSet fromBytes(byte[] bytes) throws IOException {
    return readStream(new ByteArrayInputStream(bytes), "<bytes>");
  }

  /**
   * Writes the set as an Arrow IPC file, atomically: to a temporary file beside {@code path}, then renamed, so
   * a crash never leaves a half-written mask under the final name.
   */
  public static void writeFile(MaskSet set, Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
    try {
      try (BufferAllocator allocator = ArrowAllocators.child("mask-set-file");
          VectorSchemaRoot root = fill(set, allocator);
          FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
        writer.start();
        writer.writeBatch();
        writer.end();
        channel.force(true);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads an Arrow IPC file written by {@link #writeFile} (or by pyarrow with the same layout).
   *
   * @throws IOException with a one-line message naming the file when it is missing, truncated or not ours
   */
  public static MaskSet readFile(Path path) throws IOException {
    String source = path.toString();
    if (!Files.exists(path)) {
      throw new NoSuchFileException(source, null, "mask set file not found");
    }
    // An Arrow file holds its buffers as they lie in memory: a few times its size (plus padding) is ample.
    long limit = (16L << 20) + 4 * Files.size(path);
    try (BufferAllocator allocator = ArrowAllocators.child("mask-set-file-read", limit);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      return readAll(reader, source);
    } catch (RuntimeException | IOException e) {
      throw corrupt(source, e);
    }
  }

  private static IOException corrupt(String source, Exception cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof IOException && why.startsWith(source)) {
      return (IOException) cause;
    }
    return new IOException(source + ": not a readable FullSpectrum mask set (" + why + ")", cause);
  }

  private static VectorSchemaRoot fill(MaskSet set, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(metadataOf(set)), allocator);
    List<LayerRecord> layers = set.layers();
    VarCharVector names = (VarCharVector) root.getVector("layer");
    ListVector shapes = (ListVector) root.getVector("shape");
    ListVector weights = (ListVector) root.getVector("weights");
    ListVector masks = (ListVector) root.getVector("mask");
    int n = layers.size();
    int shapeTotal = 0;
    int weightTotal = 0;
    int maskTotal = 0;
    for (LayerRecord layer : layers) {
      shapeTotal += layer.shape().length;
      maskTotal += layer.numel();
      weightTotal += layer.weights() == null ? 0 : layer.numel();
    }
    names.allocateNew(n);
    shapes.setInitialCapacity(n);
    shapes.allocateNew();
    weights.setInitialCapacity(n);
    weights.allocateNew();
    masks.setInitialCapacity(n);
    masks.allocateNew();
    IntVector shapeData = (IntVector) shapes.getDataVector();
    Float4Vector weightData = (Float4Vector) weights.getDataVector();
    BitVector maskData = (BitVector) masks.getDataVector();
    shapeData.allocateNew(shapeTotal);
    weightData.allocateNew(Math.max(weightTotal, 1));
    maskData.allocateNew(Math.max(maskTotal, 1));
    int shapeAt = 0;
    int weightAt = 0;
    int maskAt = 0;
    for (int row = 0; row < n; row++) {
      LayerRecord layer = layers.get(row);
      names.setSafe(row, layer.name().getBytes(StandardCharsets.UTF_8));
      shapes.startNewValue(row);
      for (int d : layer.shape()) {
        shapeData.set(shapeAt++, d);
      }
      shapes.endValue(row, layer.shape().length);
      float[] w = layer.weights();
      if (w == null) {
        weights.setNull(row);
      } else {
        weights.startNewValue(row);
        for (float v : w) {
          weightData.set(weightAt++, v);
        }
        weights.endValue(row, w.length);
      }
      masks.startNewValue(row);
      for (byte b : layer.mask()) {
        maskData.set(maskAt++, b);
      }
      masks.endValue(row, layer.numel());
    }
    shapeData.setValueCount(shapeAt);
    weightData.setValueCount(weightAt);
    maskData.setValueCount(maskAt);
    root.setRowCount(n);
    return root;
  }

  private static void checkSpan(String source, int row, String column, int start, int end, int available)
      throws IOException {
    if (start < 0 || end < start || end > available) {
      throw new IOException(source + ": row " + row + ": " + column + " offsets [" + start + ", " + end
          + ") lie outside its " + available + " values");
    }
  }

  private static MaskSet readAll(ArrowReader reader, String source) throws IOException {
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    Schema schema = root.getSchema();
    for (String column : List.of("layer", "shape", "weights", "mask")) {
      if (schema.findField(column) == null) {
        throw new IOException(source + ": not a FullSpectrum mask set (no column '" + column + "')");
      }
    }
    Map<String, String> meta = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
    List<LayerRecord> layers = new ArrayList<>();
    while (reader.loadNextBatch()) {
      VarCharVector names = (VarCharVector) root.getVector("layer");
      ListVector shapes = (ListVector) root.getVector("shape");
      ListVector weights = (ListVector) root.getVector("weights");
      ListVector masks = (ListVector) root.getVector("mask");
      IntVector shapeData = (IntVector) shapes.getDataVector();
      Float4Vector weightData = (Float4Vector) weights.getDataVector();
      BitVector maskData = (BitVector) masks.getDataVector();
      for (int row = 0; row < root.getRowCount(); row++) {
        if (names.isNull(row) || shapes.isNull(row) || masks.isNull(row)) {
          throw new IOException(source + ": row " + row + " has no layer name, shape or mask");
        }
        String name = new String(names.get(row), StandardCharsets.UTF_8);
        // Offsets come from the file: check them against the data actually there before sizing any array.
        checkSpan(source, row, "shape", shapes.getElementStartIndex(row), shapes.getElementEndIndex(row),
            shapeData.getValueCount());
        checkSpan(source, row, "mask", masks.getElementStartIndex(row), masks.getElementEndIndex(row),
            maskData.getValueCount());
        if (!weights.isNull(row)) {
          checkSpan(source, row, "weights", weights.getElementStartIndex(row), weights.getElementEndIndex(row),
              weightData.getValueCount());
        }
        int s0 = shapes.getElementStartIndex(row);
        int[] shape = new int[shapes.getElementEndIndex(row) - s0];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeData.get(s0 + i);
        }
        float[] w = null;
        if (!weights.isNull(row)) {
          int w0 = weights.getElementStartIndex(row);
          w = new float[weights.getElementEndIndex(row) - w0];
          for (int i = 0; i < w.length; i++) {
            w[i] = weightData.get(w0 + i);
          }
        }
        int m0 = masks.getElementStartIndex(row);
        byte[] mask = new byte[masks.getElementEndIndex(row) - m0];
        for (int i = 0; i < mask.length; i++) {
          mask[i] = (byte) maskData.get(m0 + i);
        }
        try {
          layers.add(LayerRecord.of(name, shape, w, mask));
        } catch (IllegalArgumentException e) {
          throw new IOException(source + ": " + e.getMessage(), e);
        }
      }
    }
    try {
      return MaskSet.of(
          meta.getOrDefault(META_GENERATOR, "input"),
          Long.parseLong(meta.getOrDefault(META_SEED, "0")),
          Double.parseDouble(meta.getOrDefault(META_SPARSITY, "0")),
          Long.parseLong(meta.getOrDefault(META_SAMPLE_INDEX, "0")),
          layers);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }
}
