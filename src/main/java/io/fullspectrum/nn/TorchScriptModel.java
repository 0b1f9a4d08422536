package io.fullspectrum.nn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import io.fullspectrum.schemas.TorchScriptArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user's own network, a TorchScript file ({@code torch.jit.script} or {@code torch.jit.trace}, then
 * {@code torch.jit.save}), as the project sees it: its parameters and buffers by PyTorch name, and its prunable layers,
 * by default every conv and linear weight (a parameter of rank 4 or 2 named {@code *.weight}, as the authors prune),
 * narrowed by {@code prune.include} / {@code prune.exclude} (regular expressions over parameter names). A prunable
 * layer is named after its module ({@code layer1.0.conv1} for {@code layer1.0.conv1.weight}), as
 * {@code torch.nn.utils.prune} names its {@code weight_mask}. The model's own weights are where it starts.
 *
 * <p>Its name, the {@code architecture} a network state records, is {@link #spec}: {@code model:} and the file's
 * absolute path, with the layer filters when given; every JVM that meets the name reads the file again.
 */
public final class TorchScriptModel {
  /** What an architecture name of a TorchScript model starts with. */
  public static final String PREFIX = "model:";
  private static final Map<String, TorchScriptModel> CACHE = new ConcurrentHashMap<>();

  private final String spec;
  private final Path path;
  private final String include;
  private final String exclude;
  private final byte[] bytes;
  private final TorchScriptArchive archive;
  private final LinkedHashMap<String, int[]> parameters;
  private final LinkedHashMap<String, int[]> prunable;
  private final List<String> buffers;

  private TorchScriptModel(String spec, Path path, String include, String exclude) {
    this.spec = spec;
    this.path = path;
    this.include = include;
    this.exclude = exclude;
    try {
      this.bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("model=" + path + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("model=" + path + ": unreadable (" + e.getMessage() + ")", e);
    }
    this.archive = TorchScriptArchive.read(bytes, path.toString());
    this.parameters = parameterShapes(path, bytes);
    this.buffers = new ArrayList<>();
    for (String t : archive.tensors().keySet()) {
      if (!parameters.containsKey(t)) {
        buffers.add(t);
      }
    }
    this.prunable = prunableLayers(path, parameters, pattern("prune.include", include),
        pattern("prune.exclude", exclude));
  }

  /** The name of the model in {@code file} with these layer filters (empty: the default). */
  public static String spec(Path file, String include, String exclude) {
    String s = PREFIX + file.toAbsolutePath().normalize();
    List<String> query = new ArrayList<>();
    if (!include.isEmpty()) {
      query.add("include=" + URLEncoder.encode(include, StandardCharsets.UTF_8));
    }
    if (!exclude.isEmpty()) {
      query.add("exclude=" + URLEncoder.encode(exclude, StandardCharsets.UTF_8));
    }
    return query.isEmpty() ? s : s + "?" + String.join("&", query);
  }

  /** Whether an architecture name is a TorchScript model's. */
  public static boolean isSpec(String name) {
    return name.startsWith(PREFIX);
  }

  /**
   * The model a {@link #spec} names, read once per JVM.
   *
   * @throws IllegalArgumentException one line naming the file when it is missing, not TorchScript, or has no
   *     prunable weights
   */
  public static TorchScriptModel of(String spec) {
    TorchScriptModel cached = CACHE.get(spec);
    if (cached != null) {
      return cached;
    }
    String rest = spec.substring(PREFIX.length());
    int q = rest.indexOf('?');
    String include = "";
    String exclude = "";
    if (q >= 0) {
      for (String part : rest.substring(q + 1).split("&")) {
        String value = URLDecoder.decode(part.substring(part.indexOf('=') + 1), StandardCharsets.UTF_8);
        if (part.startsWith("include=")) {
          include = value;
        } else if (part.startsWith("exclude=")) {
          exclude = value;
        }
      }
      rest = rest.substring(0, q);
    }
    TorchScriptModel m = new TorchScriptModel(spec, Path.of(rest), include, exclude);
    CACHE.putIfAbsent(spec, m);
    return CACHE.get(spec);
  }

  public String spec() {
    return spec;
  }

  public Path path() {
    return path;
  }

  /** Every parameter by PyTorch name, with its shape, in the module's order. */
  public Map<String, int[]> parameters() {
    return java.util.Collections.unmodifiableMap(parameters);
  }

  /** The prunable layers by module name, {@code Cout x Cin x kh x kw} or {@code out x in}, in the module's order. */
  public LinkedHashMap<String, int[]> prunable() {
    LinkedHashMap<String, int[]> out = new LinkedHashMap<>();
    prunable.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** The prunable layers' weights as the file holds them, by layer name. */
  public Map<String, float[]> prunableWeights() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String layer : prunable.keySet()) {
      out.put(layer, archive.values(layer + ".weight"));
    }
    return out;
  }

  /** The tensors that are not parameters (batch norm's running statistics and counters), by PyTorch name. */
  public List<String> buffers() {
    return List.copyOf(buffers);
  }

  /** A buffer's shape. */
  public int[] bufferShape(String name) {
    return archive.tensors().get(name).shape();
  }

  /** The file's bytes with these buffers' values in place of the saved ones (none: the file as it is). */
  public byte[] bytesWithBuffers(Map<String, float[]> values) {
    return values.isEmpty() ? bytes : archive.withValues(values);
  }

  /** The buffers' values in a module's bytes (as {@code JniUtils.writeModule} writes a live module). */
  public Map<String, float[]> buffersOf(byte[] moduleBytes) {
    TorchScriptArchive live = TorchScriptArchive.read(moduleBytes, path.toString());
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String b : buffers) {
      out.put(b, live.values(b));
    }
    return out;
  }

  /**
   * The model's output size for one sample of {@code chw}, from a forward pass on the CPU.
   *
   * @throws IllegalArgumentException one line naming the shape it got and what its first layer takes, when the model
   *     rejects it
   */
  public int outputs(int[] chw) {
    try (Model model = Model.newInstance("check", ai.djl.Device.cpu(), "PyTorch");
        ai.djl.ndarray.NDManager m = model.getNDManager().newSubManager()) {
      PtSymbolBlock block = load((PtNDManager) model.getNDManager(), bytes, path);
      try {
        NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(1, chw[0], chw[1], chw[2]));
        NDArray out = block.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), false)
            .singletonOrThrow();
        long[] s = out.getShape().getShape();
        return (int) s[s.length - 1];
      } catch (RuntimeException e) {
        Map.Entry<String, int[]> first = prunable.entrySet().iterator().next();
        int[] w = first.getValue();
        String takes = w.length == 4 ? w[1] + " input channels (weight " + Arrays.toString(w) + ")"
            : w[1] + " input features (weight " + Arrays.toString(w) + ")";
        String why = String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        throw new IllegalArgumentException(path + " rejects data of shape " + chw[0] + "x" + chw[1] + "x" + chw[2]
            + " (its first prunable layer " + first.getKey() + " takes " + takes + "): " + why, e);
      } finally {
        block.close();
      }
    }
  }

  /** Loads the module from {@code moduleBytes} onto {@code manager}'s device. */
  static PtSymbolBlock load(PtNDManager manager, byte[] moduleBytes, Path source) {
    try {
      return JniUtils.loadModule(manager, new ByteArrayInputStream(moduleBytes), true, false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(source + ": not a TorchScript file PyTorch can load (" + e.getMessage()
          + ")", e);
    }
  }

  private static LinkedHashMap<String, int[]> parameterShapes(Path path, byte[] bytes) {
    try (Model model = Model.newInstance("probe", ai.djl.Device.cpu(), "PyTorch")) {
      PtSymbolBlock block = load((PtNDManager) model.getNDManager(), bytes, path);
      LinkedHashMap<String, int[]> out = new LinkedHashMap<>();
      NDList params = JniUtils.moduleGetParams(block, (PtNDManager) model.getNDManager());
      for (NDArray p : params) {
        long[] s = p.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
          shape[i] = Math.toIntExact(s[i]);
        }
        out.put(p.getName(), shape);
      }
      block.close();
      return out;
    }
  }

  private static Pattern pattern(String key, String regex) {
    if (regex.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(key + "=" + regex + " is not a regular expression ("
          + e.getDescription() + ")", e);
    }
  }

  private static LinkedHashMap<String, int[]> prunableLayers(Path path, Map<String, int[]> parameters,
      Pattern include, Pattern exclude) {
    LinkedHashMap<String, int[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> p : parameters.entrySet()) {
      String name = p.getKey();
      int rank = p.getValue().length;
      boolean conventional = name.endsWith(".weight") && (rank == 4 || rank == 2);
      boolean chosen = include != null ? include.matcher(name).find() && (rank == 4 || rank == 2) : conventional;
      if (chosen && (exclude == null || !exclude.matcher(name).find())) {
        if (!name.endsWith(".weight")) {
          throw new IllegalArgumentException("prune.include: " + name + " of " + path + " is not a .weight parameter");
        }
        out.put(name.substring(0, name.length() - ".weight".length()), p.getValue().clone());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(path + " has no prunable weights (conv or linear .weight parameters"
          + (include != null || exclude != null ? " matching prune.include / prune.exclude" : "") + "; its "
          + "parameters: " + String.join(", ", parameters.keySet().stream().limit(8).toList())
          + (parameters.size() > 8 ? ", ..." : "") + ")");
    }
    return out;
  }

  @Override
  public String toString() {
    return spec + " " + Arrays.toString(prunable.keySet().toArray());
  }
}
