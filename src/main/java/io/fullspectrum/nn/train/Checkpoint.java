package io.fullspectrum.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.fullspectrum.schemas.AtomicFiles;
import io.fullspectrum.schemas.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A training checkpoint: every parameter of the block (batch-norm statistics included) and every momentum buffer,
 * as {@code .npy} entries of one zip, plus the step and the next epoch; written atomically (temporary file, then
 * rename) so that a crash leaves the previous checkpoint intact.
 */
public final class Checkpoint {
  private static final String META = "checkpoint.properties";

  private Checkpoint() {}

  /** Saves the trainer's state; {@code nextEpoch} is where a resumed run continues. */
  public static void save(MaskedTrainer trainer, int nextEpoch, Path path) throws IOException {
    AtomicFiles.write(path, file -> {
      ZipOutputStream zip = new ZipOutputStream(file);
      for (Pair<String, Parameter> p : trainer.parameters()) {
        NDArray array = p.getValue().getArray();
        zip.putNextEntry(new ZipEntry("param/" + p.getKey() + ".npy"));
        NpyArray.writeFloats(zip, shapeOf(array), array.toFloatArray());
        try (NDArray buffer = trainer.optimizer().buffer(p.getValue().getId())) {
          if (buffer != null) {
            zip.putNextEntry(new ZipEntry("momentum/" + p.getKey() + ".npy"));
            NpyArray.writeFloats(zip, shapeOf(buffer), buffer.toFloatArray());
          }
        }
      }
      Properties meta = new Properties();
      meta.setProperty("step", Long.toString(trainer.step()));
      meta.setProperty("nextEpoch", Integer.toString(nextEpoch));
      meta.setProperty("architecture", trainer.network().architecture().name());
      zip.putNextEntry(new ZipEntry(META));
      meta.store(zip, "FullSpectrum training checkpoint");
      zip.finish();
    });
  }

  /**
   * Restores a checkpoint into a trainer built for the same architecture and masks.
   *
   * @return the epoch to continue from
   * @throws IOException naming the file and the first parameter that is missing or of another shape
   */
  public static int restore(MaskedTrainer trainer, Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "checkpoint not found");
    }
    Map<String, NpyArray> arrays = new HashMap<>();
    Properties meta = new Properties();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(path))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.getName().equals(META)) {
          meta.load(new java.io.InputStreamReader(nonClosing(zip), StandardCharsets.ISO_8859_1));
        } else {
          arrays.put(entry.getName(), NpyArray.read(zip, path + ":" + entry.getName()));
        }
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new IOException(path + ": damaged checkpoint (" + e.getMessage() + ")", e);
    }
    String arch = meta.getProperty("architecture");
    if (!trainer.network().architecture().name().equals(arch)) {
      throw new IOException(path + ": checkpoint of architecture " + arch + ", not "
          + trainer.network().architecture().name());
    }
    for (Pair<String, Parameter> p : trainer.parameters()) {
      NDArray array = p.getValue().getArray();
      NpyArray saved = arrays.get("param/" + p.getKey() + ".npy");
      if (saved == null || saved.size() != array.size()) {
        throw new IOException(path + ": parameter " + p.getKey() + " is missing or of another shape");
      }
      io.fullspectrum.nn.InPlace.copy(array, saved.toFloats());
      NpyArray momentum = arrays.get("momentum/" + p.getKey() + ".npy");
      if (momentum != null) {
        try (NDArray buffer = array.getManager().create(momentum.toFloats()).reshape(array.getShape())) {
          trainer.optimizer().setBuffer(p.getValue().getId(), buffer);
        }
      }
    }
    trainer.setStep(Long.parseLong(meta.getProperty("step", "0")));
    return Integer.parseInt(meta.getProperty("nextEpoch", "0"));
  }

  private static int[] shapeOf(NDArray array) {
    long[] s = array.getShape().getShape();
    int[] out = new int[Math.max(1, s.length)];
    if (s.length == 0) {
      out[0] = 1;
    }
    for (int i = 0; i < s.length; i++) {
      out[i] = (int) s[i];
    }
    return out;
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }
}
