package io.fullspectrum.nn;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import io.fullspectrum.schemas.NpyArray;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a built-in architecture's seeded initial parameters (method §6, as {@code InitWeights} makes them) as a
 * PyTorch state dict {@code .npz} ({@link StateDict} names), for src/test/resources/torchscript/make.sh, which loads
 * it into the same network in PyTorch and saves it as TorchScript.
 *
 * <p>Usage: {@code StateDictExport ARCH CLASSES C H W SEED OUT.npz}.
 */
public final class StateDictExport {
  private StateDictExport() {}

  public static void main(String[] args) throws IOException {
    String arch = args[0];
    int classes = Integer.parseInt(args[1]);
    int c = Integer.parseInt(args[2]);
    int h = Integer.parseInt(args[3]);
    int w = Integer.parseInt(args[4]);
    long seed = Long.parseLong(args[5]);
    Network net = Networks.build(Architecture.of(arch, classes), c, h, w);
    try (Model model = Model.newInstance(arch, ai.djl.Device.cpu(), "PyTorch");
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(Path.of(args[6])))) {
      model.setBlock(net.block());
      net.initialize(model.getNDManager(), seed);
      Map<String, int[]> shapes = StateDict.shapes(net);
      for (Map.Entry<String, Parameter> e : StateDict.names(net).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        OutputStream out = zip;
        NpyArray.writeFloats(out, shapes.get(e.getKey()), e.getValue().getArray().toFloatArray());
        zip.closeEntry();
      }
    }
  }
}
