package io.fullspectrum.smoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of a DJL source checkout that the GPU scripts look for, empty, at a version the test names. */
final class FakeDjlCheckout {
  private FakeDjlCheckout() {}

  static Path at(Path djl, String version) throws IOException {
    Files.createDirectories(djl.resolve("engines/pytorch/pytorch-native/src/main/native"));
    Files.createDirectories(djl.resolve("engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni"));
    Files.createDirectories(djl.resolve("api/src/main/native/djl"));
    Files.writeString(
        djl.resolve("engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"), "");
    Files.writeString(djl.resolve("api/src/main/native/djl/utils.h"), "");
    Files.writeString(djl.resolve("gradle.properties"), "djl_version=" + version + "\n");
    return djl;
  }
}
