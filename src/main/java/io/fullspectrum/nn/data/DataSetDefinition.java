package io.fullspectrum.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything the project needs to know about one data set, in one place: its images' own shape, how to read a
 * split from its folder, and the normalisation and augmentation that suit it. Register one with
 * {@link DataSets#register} to use it as {@code data=NAME}.
 */
public interface DataSetDefinition {
  /** The name presets use ({@code data=NAME}). */
  String name();

  /** One line for {@code pipeline=help}. */
  String description();

  /** The images' own {@code C x H x W}; a set made to order (synthetic) returns {@code needed}. */
  int[] nativeShape(int[] needed);

  /** The same for the set in {@code folder} ({@code data.path}; null when none), for a set whose files say it. */
  default int[] nativeShape(Path folder, int[] needed) {
    return nativeShape(needed);
  }

  /**
   * Reads the train or test split.
   *
   * @param folder {@code data.path}, or null when the preset gives none
   * @param spec the whole data spec (shape after adaptation, synthetic size)
   */
  ImageSet read(Path folder, boolean train, DataSpec spec) throws IOException;

  /** Per-channel normalisation and augmentation for images of {@code shape} (its own, before adaptation). */
  Preprocessing preprocessing(int[] shape);

  /** {@code folder}, or a one-line error when a set that has no default folder was given none. */
  static Path required(Path folder, String name) {
    if (folder == null) {
      throw new IllegalArgumentException("dataset " + name + " needs data.path=<folder>");
    }
    return folder;
  }
}
