package dev.vitp.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.toolkit.io.AtomicFiles;
import dev.vitp.toolkit.safetensors.SafeTensors;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backbone weights in InternViT's key layout ({@code embeddings.*}, {@code encoder.layers.N.*}):
 * export from a trained ViTP run, and load from (a) our export (safetensors + sibling JSON spec),
 * (b) an InternViT / HuggingFace folder ({@code config.json} + {@code model.safetensors}, also an
 * InternVL folder with {@code vision_config} and {@code vision_model.} keys), or (c) a bare
 * InternViT safetensors file (spec inferred from the tensor shapes), such as ViTP's published
 * {@code ViTP_ViT_L_300M_rs.safetensors}. Loading can resize the position grid and the patch
 * kernel (bicubic, as PyTorch) to another image or patch size.
 */
public final class Backbones {
  /** A backbone read from disk: its spec and its tensors under InternViT names. */
  public record Loaded(VitSpec spec, Map<String, SafeTensors.FloatTensor> tensors, String source) {}

  private static final Pattern LAYER = Pattern.compile("^encoder\\.layers\\.(\\d+)\\.");

  private final ObjectMapper json;

  public Backbones(ObjectMapper json) {
    this.json = json;
  }

  /** The sibling spec file of an exported backbone: {@code x.safetensors -> x.json}. */
  public static Path specFileOf(Path weights) {
    String name = weights.getFileName().toString();
    String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - 12) : name;
    return weights.resolveSibling(stem + ".json");
  }

  /** Writes the ViT parameters under {@code prefix} (e.g. {@code vision_model.}) of a session. */
  public void export(BackendSession session, String prefix, VitSpec spec, Path out) {
    Map<String, SafeTensors.FloatTensor> tensors = new TreeMap<>();
    for (Parameter p : session.parameters()) {
      if (p.name().startsWith(prefix)) {
        tensors.put(p.name().substring(prefix.length()),
            new SafeTensors.FloatTensor(p.shape(), p.read()));
      }
    }
    write(tensors, prefix, spec, out);
  }

  /**
   * Extracts the ViT of a training checkpoint (keys {@code vision_model.*}) without loading a
   * backend: the safetensors are copied with the prefix stripped, plus the sibling spec JSON; or,
   * when {@code out} does not end in {@code .safetensors}, as a HuggingFace folder ({@link
   * #writeHuggingFaceFolder}).
   */
  public void exportFromCheckpoint(Path checkpointWeights, VitSpec spec, Path out) {
    Map<String, SafeTensors.FloatTensor> tensors = new TreeMap<>();
    try (SafeTensorsFile file = SafeTensorsFile.open(checkpointWeights)) {
      for (String name : file.names()) {
        if (name.startsWith(VitpModel.VISION_PREFIX)) {
          tensors.put(name.substring(VitpModel.VISION_PREFIX.length()),
              new SafeTensors.FloatTensor(file.entry(name).shape(), file.floats(name)));
        }
      }
    }
    if (isSingleFile(out)) {
      write(tensors, VitpModel.VISION_PREFIX, spec, out);
    } else {
      writeHuggingFaceFolder(tensors, spec, out);
    }
  }

  /** Whether an export to {@code out} is one safetensors file (else a HuggingFace folder). */
  public static boolean isSingleFile(Path out) {
    return out.getFileName().toString().endsWith(".safetensors");
  }

  /**
   * Writes {@code dir/config.json} (InternVL's {@code InternVisionConfig}: HuggingFace's {@code
   * InternVisionModel} and the PyTorch reference in {@code benchmarks/python} build the model from
   * it) and {@code dir/model.safetensors} with every key that model has. InternViT always has layer
   * scales, so a ViT trained without them gets {@code ls1 = ls2 = 1} (the same function), and
   * {@code initializer_factor} 1.0. A ViT with a final norm has no InternViT equivalent and is
   * refused.
   */
  public void writeHuggingFaceFolder(Map<String, SafeTensors.FloatTensor> vision, VitSpec spec,
      Path dir) {
    if (spec.finalNorm()) {
      throw VitpException.unsupported("Expected a ViT without a final norm for a HuggingFace "
          + "InternViT folder (InternViT has none). Received: finalNorm=true; export a "
          + ".safetensors file instead");
    }
    if (vision.isEmpty()) {
      throw VitpException.userError("Expected ViT parameters under [" + VitpModel.VISION_PREFIX
          + "]. Received: none");
    }
    Map<String, SafeTensors.FloatTensor> tensors = new TreeMap<>(vision);
    if (!spec.layerScale()) {
      float[] ones = new float[spec.width()];
      java.util.Arrays.fill(ones, 1f);
      for (int layer = 0; layer < spec.depth(); layer++) {
        for (String scale : List.of("ls1", "ls2")) {
          tensors.put("encoder.layers." + layer + "." + scale,
              new SafeTensors.FloatTensor(Shape.of(spec.width()), ones.clone()));
        }
      }
    }
    ObjectNode config = json.createObjectNode();
    config.putArray("architectures").add("InternVisionModel");
    config.put("model_type", "intern_vit_6b");
    config.put("hidden_size", spec.width());
    config.put("intermediate_size", spec.width() * spec.mlpRatio());
    config.put("num_hidden_layers", spec.depth());
    config.put("num_attention_heads", spec.heads());
    config.put("num_channels", 3);
    config.put("image_size", spec.imageSize());
    config.put("patch_size", spec.patchSize());
    config.put("qkv_bias", spec.qkvBias());
    config.put("qk_normalization", false);
    config.put("norm_type", "layer_norm");
    config.put("hidden_act", "gelu");
    config.put("layer_norm_eps", (double) spec.layerNormEps());
    config.put("initializer_factor", spec.layerScale() ? (double) spec.layerScaleInit() : 1.0);
    config.put("drop_path_rate", (double) spec.dropPathRate());
    config.put("dropout", 0.0);
    config.put("attention_dropout", 0.0);
    config.put("use_flash_attn", false);
    try {
      Files.createDirectories(dir);
      SafeTensors.write(dir.resolve("model.safetensors"), tensors,
          Map.of("format", "pt", "producer", "vitp"));
      AtomicFiles.write(dir.resolve("config.json"),
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable folder for the HuggingFace export. "
          + "Received: " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  private void write(Map<String, SafeTensors.FloatTensor> tensors, String prefix, VitSpec spec,
      Path out) {
    if (tensors.isEmpty()) {
      throw VitpException.userError("Expected ViT parameters under [" + prefix + "]. Received: "
          + "none");
    }
    SafeTensors.write(out, tensors, Map.of("format", "pt", "producer", "vitp"));
    ObjectNode specJson = json.createObjectNode();
    specJson.put("format", "vitp-backbone");
    specJson.set("vit", json.valueToTree(spec));
    try {
      AtomicFiles.write(specFileOf(out),
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(specJson));
    } catch (IOException e) {
      throw VitpException.internal("Could not serialise the backbone spec: " + e);
    }
  }

  /** Reads a backbone from any of the supported sources. */
  public Loaded load(Path path) {
    if (Files.isDirectory(path)) {
      return loadHuggingFaceFolder(path);
    }
    if (!Files.isRegularFile(path)) {
      throw VitpException.userError("Expected a backbone file or folder. Received: path=" + path
          + " (does not exist)");
    }
    Map<String, SafeTensors.FloatTensor> tensors = readVisionTensors(List.of(path));
    Path specFile = specFileOf(path);
    if (Files.isRegularFile(specFile)) {
      JsonNode node = readJson(specFile);
      if (!node.path("vit").isObject()) {
        throw VitpException.userError("Expected a \"vit\" object in " + specFile + ". Received: "
            + node);
      }
      try {
        return new Loaded(json.treeToValue(node.get("vit"), VitSpec.class), tensors,
            path.toString());
      } catch (IOException e) {
        throw VitpException.userError("Expected a valid ViT spec in " + specFile + ". Received: "
            + e.getMessage(), e);
      }
    }
    return new Loaded(inferSpec(tensors, path), tensors, path.toString());
  }

  private Loaded loadHuggingFaceFolder(Path dir) {
    Path configFile = dir.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw VitpException.userError("Expected config.json in the backbone folder. Received: "
          + "folder=" + dir);
    }
    JsonNode config = readJson(configFile);
    JsonNode vision = config.has("vision_config") ? config.get("vision_config") : config;
    if (vision.path("qk_normalization").asBoolean(false)) {
      throw VitpException.unsupported("Expected an InternViT without qk_normalization (the 300M "
          + "layout). Received: qk_normalization=true in " + configFile);
    }
    String normType = vision.path("norm_type").asText("layer_norm");
    if (!normType.equals("layer_norm")) {
      throw VitpException.unsupported("Expected norm_type layer_norm. Received: norm_type="
          + normType + " in " + configFile);
    }
    int width = requiredInt(vision, "hidden_size", configFile);
    int intermediate = vision.path("intermediate_size").asInt(4 * width);
    List<Path> files = new ArrayList<>();
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      new TreeSet<String>(iterable(readJson(index).path("weight_map"))).forEach(
          f -> files.add(dir.resolve(f)));
    } else {
      files.add(dir.resolve("model.safetensors"));
    }
    Map<String, SafeTensors.FloatTensor> tensors = readVisionTensors(files);
    VitSpec spec = new VitSpec(requiredInt(vision, "image_size", configFile),
        requiredInt(vision, "patch_size", configFile), width,
        requiredInt(vision, "num_hidden_layers", configFile),
        requiredInt(vision, "num_attention_heads", configFile), Math.max(1, intermediate / width),
        vision.path("qkv_bias").asBoolean(true), tensors.containsKey("encoder.layers.0.ls1"),
        (float) vision.path("initializer_factor").asDouble(0.1),
        false, (float) vision.path("layer_norm_eps").asDouble(1e-6),
        (float) vision.path("drop_path_rate").asDouble(0.0));
    return new Loaded(spec, tensors, dir.toString());
  }

  /**
   * Infers a spec from InternViT tensors. Heads cannot be read from shapes; InternViT uses 64-wide
   * heads (16 for the 1024-wide 300M model), so width / 64.
   */
  static VitSpec inferSpec(Map<String, SafeTensors.FloatTensor> tensors, Path source) {
    SafeTensors.FloatTensor patch = tensors.get("embeddings.patch_embedding.weight");
    SafeTensors.FloatTensor pos = tensors.get("embeddings.position_embedding");
    if (patch == null || pos == null) {
      throw VitpException.userError("Expected InternViT keys embeddings.patch_embedding.weight and "
          + "embeddings.position_embedding in " + source + ". Received: keys="
          + new ArrayList<>(tensors.keySet()).subList(0, Math.min(8, tensors.size())));
    }
    int width = patch.shape().dim(0);
    int patchSize = patch.shape().dim(2);
    int grid = (int) Math.round(Math.sqrt(pos.shape().dim(1) - 1));
    int depth = 0;
    for (String k : tensors.keySet()) {
      Matcher m = LAYER.matcher(k);
      if (m.find()) {
        depth = Math.max(depth, Integer.parseInt(m.group(1)) + 1);
      }
    }
    SafeTensors.FloatTensor fc1 = tensors.get("encoder.layers.0.mlp.fc1.weight");
    int mlpRatio = fc1 == null ? 4 : Math.max(1, fc1.shape().dim(0) / width);
    return new VitSpec(grid * patchSize, patchSize, width, depth, Math.max(1, width / 64), mlpRatio,
        tensors.containsKey("encoder.layers.0.attn.qkv.bias"),
        tensors.containsKey("encoder.layers.0.ls1"), 0.1f, false, 1e-6f, 0f);
  }

  /**
   * Builds a ViT for {@code target} under {@code scope} and fills it from {@code loaded},
   * resizing the position grid and patch kernel when the target's grid or patch size differ.
   */
  public static VisionTransformer instantiate(Loaded loaded, VitSpec target, ParameterScope scope) {
    requireSameArchitecture(loaded, target);
    VisionTransformer vit = new VisionTransformer(scope, target);
    fill(loaded, target, scope);
    return vit;
  }

  /**
   * Overwrites the ViT built for {@code target} under {@code scope} with {@code loaded}'s
   * weights, resized as {@link #instantiate} does; every parameter must have its tensor and every
   * tensor its parameter.
   */
  public static void fill(Loaded loaded, VitSpec target, ParameterScope scope) {
    requireSameArchitecture(loaded, target);
    VitSpec source = loaded.spec();
    String prefix = scope.prefix();
    TreeSet<String> unused = new TreeSet<>(loaded.tensors().keySet());
    List<String> missing = new ArrayList<>();
    for (Parameter p : scope.session().parameters()) {
      if (!p.name().startsWith(prefix)) {
        continue;
      }
      String key = p.name().substring(prefix.length());
      SafeTensors.FloatTensor t = loaded.tensors().get(key);
      if (t == null) {
        missing.add(key);
        continue;
      }
      unused.remove(key);
      p.write(adapt(key, t, p.shape(), source, target));
    }
    if (!missing.isEmpty() || !unused.isEmpty()) {
      throw VitpException.userError("Expected the backbone's tensors to match an InternViT of "
          + "this spec. Received: source=" + loaded.source() + ", missing=" + missing
          + ", unexpected=" + unused);
    }
  }

  private static void requireSameArchitecture(Loaded loaded, VitSpec target) {
    VitSpec source = loaded.spec();
    if (source.width() != target.width() || source.depth() != target.depth()
        || source.mlpRatio() != target.mlpRatio() || source.layerScale() != target.layerScale()
        || source.qkvBias() != target.qkvBias() || source.finalNorm() != target.finalNorm()) {
      throw VitpException.userError("Expected a target spec that differs from the backbone only "
          + "in image size, patch size and drop path. Received: backbone=" + source + ", target="
          + target);
    }
  }

  private static float[] adapt(String key, SafeTensors.FloatTensor t, Shape want, VitSpec source,
      VitSpec target) {
    if (t.shape().equals(want)) {
      return t.values();
    }
    if (key.equals("embeddings.position_embedding")) {
      int c = source.width();
      int g = (int) Math.round(Math.sqrt(t.shape().dim(1) - 1));
      int tg = target.grid();
      float[] v = t.values();
      // [1, 1 + g*g, C] -> CLS row + planes [C, g, g] -> bicubic -> [1, 1 + tg*tg, C]
      float[] planes = new float[c * g * g];
      for (int i = 0; i < g * g; i++) {
        for (int ch = 0; ch < c; ch++) {
          planes[ch * g * g + i] = v[(1 + i) * c + ch];
        }
      }
      float[] resized = Bicubic.resize(planes, c, g, g, tg, tg);
      float[] out = new float[(1 + tg * tg) * c];
      System.arraycopy(v, 0, out, 0, c);
      for (int i = 0; i < tg * tg; i++) {
        for (int ch = 0; ch < c; ch++) {
          out[(1 + i) * c + ch] = resized[ch * tg * tg + i];
        }
      }
      return out;
    }
    if (key.equals("embeddings.patch_embedding.weight")) {
      int p = t.shape().dim(2);
      int tp = target.patchSize();
      return Bicubic.resize(t.values(), t.shape().dim(0) * t.shape().dim(1), p, p, tp, tp);
    }
    throw VitpException.userError("Expected tensor [" + key + "] of shape " + want
        + ". Received: shape=" + t.shape());
  }

  private Map<String, SafeTensors.FloatTensor> readVisionTensors(List<Path> files) {
    Map<String, SafeTensors.FloatTensor> out = new LinkedHashMap<>();
    for (Path f : files) {
      try (SafeTensorsFile file = SafeTensorsFile.open(f)) {
        boolean prefixed =
            file.names().stream().anyMatch(n -> n.startsWith(VitpModel.VISION_PREFIX));
        for (String name : file.names()) {
          if (prefixed && !name.startsWith(VitpModel.VISION_PREFIX)) {
            continue; // language model and projector weights of an InternVL checkpoint
          }
          String key = prefixed ? name.substring(VitpModel.VISION_PREFIX.length()) : name;
          float[] values = file.floats(name);
          requireFinite(f, name, values);
          out.put(key, new SafeTensors.FloatTensor(file.entry(name).shape(), values));
        }
      }
    }
    return out;
  }

  /**
   * A NaN or infinite weight poisons every feature it touches (embed would write all-NaN
   * features, finetune a NaN loss), so a backbone holding one is refused where it is read.
   */
  private static void requireFinite(Path file, String tensor, float[] values) {
    int bad = 0;
    int first = -1;
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        bad++;
        if (first < 0) {
          first = i;
        }
      }
    }
    if (bad > 0) {
      throw VitpException.userError("Expected finite backbone weights. Received: " + bad
          + " non-finite value(s) in tensor " + tensor + " of " + file + " (first: "
          + values[first] + " at index " + first + "); the run that wrote it diverged or the "
          + "file is damaged");
    }
  }

  private JsonNode readJson(Path file) {
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      throw VitpException.userError("Expected valid JSON in " + file + ". Received: "
          + e.getMessage(), e);
    }
  }

  private static int requiredInt(JsonNode node, String field, Path file) {
    if (!node.path(field).canConvertToInt()) {
      throw VitpException.userError("Expected an integer \"" + field + "\" in " + file
          + ". Received: " + node.path(field));
    }
    return node.get(field).asInt();
  }

  private static List<String> iterable(JsonNode weightMap) {
    List<String> files = new ArrayList<>();
    weightMap.fields().forEachRemaining(e -> files.add(e.getValue().asText()));
    return files;
  }
}
