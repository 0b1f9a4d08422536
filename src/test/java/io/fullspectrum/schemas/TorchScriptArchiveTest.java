package io.fullspectrum.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A TorchScript file's tensors by attribute path, parameters and buffers alike, read from its pickled module tree;
 * the files are src/test/resources/torchscript/*.pt (make.sh made them with PyTorch 1.13).
 */
class TorchScriptArchiveTest {
  static byte[] resource(String name) throws IOException {
    try (InputStream in = TorchScriptArchiveTest.class.getResourceAsStream("/torchscript/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyParameterAndBufferOfTheCnnIsFoundByItsPath() throws IOException {
    TorchScriptArchive a = TorchScriptArchive.read(resource("fmnist_cnn.pt"), "fmnist_cnn.pt");
    assertThat(a.tensors().keySet(), contains("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean",
        "bn1.running_var", "bn1.num_batches_tracked", "conv2.weight", "bn2.weight", "bn2.bias", "bn2.running_mean",
        "bn2.running_var", "bn2.num_batches_tracked", "fc1.weight", "fc1.bias", "classifier.weight",
        "classifier.bias"));
    assertThat(a.tensors().get("fc1.weight").shape(), equalTo(new int[] {128, 3136}));
  }

  @Test
  void aTensorsValuesAreThoseItWasSavedWith() throws IOException {
    TorchScriptArchive a = TorchScriptArchive.read(resource("fmnist_cnn.pt"), "fmnist_cnn.pt");
    Map<String, NpyArray> saved = NetworkFiles.readArrays(Path.of("src/test/resources/torchscript/fmnist_cnn_init.npz"));
    for (String name : new String[] {"conv1.weight", "fc1.bias", "bn2.weight", "bn1.running_var"}) {
      assertThat(name, a.values(name), equalTo(saved.get(name).toFloats()));
    }
    assertThat(a.values("bn1.num_batches_tracked"), equalTo(new float[] {0f}));
  }

  @Test
  void replacedValuesAreReadBackAndTheRestIsUnchanged() throws IOException {
    TorchScriptArchive a = TorchScriptArchive.read(resource("residual_dw.pt"), "residual_dw.pt");
    float[] mean = new float[16];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = 0.25f * i - 1;
    }
    TorchScriptArchive b = TorchScriptArchive.read(a.withValues(Map.of("block_bn.running_mean", mean,
        "block_bn.num_batches_tracked", new float[] {391f})), "patched");
    assertThat(b.values("block_bn.running_mean"), equalTo(mean));
    assertThat(b.values("block_bn.num_batches_tracked"), equalTo(new float[] {391f}));
    assertThat(b.values("depthwise.weight"), equalTo(a.values("depthwise.weight")));
    assertThat(b.tensors().keySet(), equalTo(a.tensors().keySet()));
  }

  @Test
  void aFileThatIsNotTorchScriptIsOneLineNamingIt() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TorchScriptArchive.read(resource("make_models.py"), "make_models.py"));
    assertThat(e.getMessage(), startsWith("make_models.py: not a TorchScript file"));
  }
}
