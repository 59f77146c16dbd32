package dev.vitp.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.model.Backbones;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.objective.InstructionObjectiveConfig;
import dev.vitp.api.train.Checkpoints;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainConfig;
import dev.vitp.api.train.TrainListener;
import dev.vitp.spi.VitpException;
import com.google.inject.Injector;
import dev.vitp.api.runtime.LoadedPlugin;
import dev.vitp.api.runtime.PluginFolders;
import dev.vitp.api.runtime.VitpRuntime;
import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.BackendFactory;
import dev.vitp.api.runtime.Registration;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.ComponentFactory;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.InstructionSourceConfig;
import dev.vitp.spi.TokenDropConfig;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.nio.file.Path;
import java.util.function.Consumer;
import dev.vitp.spi.task.EpochRecord;
import dev.vitp.spi.task.FinetuneListener;
import dev.vitp.spi.task.FinetuneResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of vitp: the plugins found on the class path, their components by name, and
 * config binding. Startup fails fast with a {@link dev.vitp.spi.VitpException} that says which
 * plugin or name is at fault.
 *
 * <pre>{@code
 * Vitp vitp = Vitp.create();
 * TokenDropConfig config = vitp.readConfig("{\"type\":\"uniform\",\"ratio\":0.75}", TokenDropConfig.class);
 * TokenDropStrategy vrl = vitp.tokenDrop(config);
 * }</pre>
 *
 * <p>Immutable and safe to share between threads once built.
 */
public final class Vitp {
  private final VitpRuntime runtime;
  private final List<PluginInfo> plugins;

  private Vitp(VitpRuntime runtime) {
    this.runtime = runtime;
    List<PluginInfo> infos = new ArrayList<>();
    for (LoadedPlugin p : runtime.registry().plugins()) {
      infos.add(new PluginInfo(
          p.id(), p.className(), p.location(), runtime.registry().componentsOf(p)));
    }
    infos.sort(Comparator.comparing(PluginInfo::id).thenComparing(PluginInfo::className));
    this.plugins = List.copyOf(infos);
  }

  /** Discovers the plugins visible to the thread context class loader. */
  public static Vitp create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The loaded plugins, sorted by id. */
  public List<PluginInfo> plugins() {
    return plugins;
  }

  /** The names registered for {@code kind}, sorted. */
  public List<String> componentNames(ComponentKind kind) {
    return runtime.registry().names(kind);
  }

  /** The factory registered as {@code name} for {@code kind} (for descriptions and config types). */
  public ComponentFactory<?, ?> factory(ComponentKind kind, String name) {
    return runtime.factory(kind, name);
  }

  /** The backend {@code name} with its default config ({@code auto}: the best-ranked). */
  public Backend backend(String name) {
    return backend((BackendConfig) runtime.configs().defaults(ComponentKind.BACKEND, name));
  }

  /** The backend {@code config} selects ({@code auto}: the best-ranked, for inference). */
  public Backend backend(BackendConfig config) {
    return backend(config, Capability.INFERENCE, "inference");
  }

  /**
   * The backend {@code config} selects, which must have {@code needed} (for {@code purpose}, as
   * error messages say it); {@code auto} resolves to the best-ranked backend that has it.
   */
  public Backend backend(BackendConfig config, Capability needed, String purpose) {
    BackendConfig concrete = resolveBackend(config, needed);
    Backend backend = (Backend) create(ComponentKind.BACKEND, concrete);
    backend.requireCapability(needed, purpose);
    return backend;
  }

  /** {@code config} itself, or for {@code auto} the default config of the backend it picks. */
  public BackendConfig resolveBackend(BackendConfig config, Capability needed) {
    if (!(config instanceof AutoBackendConfig)) {
      return config;
    }
    return (BackendConfig) runtime.configs().defaults(ComponentKind.BACKEND,
        autoBackend(needed).name());
  }

  /**
   * The backend {@code auto} picks for a command that needs {@code needed}: of the backends
   * whose factories declare it, the highest {@link BackendFactory#rank()} (then the name).
   */
  public BackendChoice autoBackend(Capability needed) {
    List<BackendFactory> candidates = new ArrayList<>();
    for (Registration r : runtime.registry().registrations(ComponentKind.BACKEND).values()) {
      BackendFactory factory = (BackendFactory) r.factory();
      if (!r.name().equals(AutoBackendConfig.NAME) && factory.capabilities().contains(needed)) {
        candidates.add(factory);
      }
    }
    candidates.sort(Comparator.comparingInt(BackendFactory::rank).reversed()
        .thenComparing(BackendFactory::name));
    if (candidates.isEmpty()) {
      throw VitpException.unsupported("Expected a backend with " + needed + " for backend "
          + "[auto]. Received: none among " + componentNames(ComponentKind.BACKEND));
    }
    StringBuilder ranks = new StringBuilder();
    for (BackendFactory f : candidates) {
      ranks.append(ranks.length() == 0 ? "" : ", ").append(f.name()).append(' ').append(f.rank());
    }
    return new BackendChoice(candidates.get(0).name(), needed,
        "highest rank of the backends with " + needed + ": " + ranks);
  }

  /** The token-drop (VRL) strategy {@code name} with its default config. */
  public TokenDropStrategy tokenDrop(String name) {
    return (TokenDropStrategy) create(ComponentKind.TOKEN_DROP, name);
  }

  /** The token-drop (VRL) strategy whose factory's config type is {@code config}'s class. */
  public TokenDropStrategy tokenDrop(TokenDropConfig config) {
    return (TokenDropStrategy) create(ComponentKind.TOKEN_DROP, config);
  }

  /** The instruction source {@code name} with its default config. */
  public InstructionSource instructionSource(String name) {
    return (InstructionSource) create(ComponentKind.INSTRUCTION_SOURCE, name);
  }

  /** The instruction source whose factory's config type is {@code config}'s class. */
  public InstructionSource instructionSource(InstructionSourceConfig config) {
    return (InstructionSource) create(ComponentKind.INSTRUCTION_SOURCE, config);
  }

  /** Builds component {@code name} of {@code kind} with its default config. */
  public Object create(ComponentKind kind, String name) {
    return runtime.create(kind, name, runtime.configs().defaults(kind, name));
  }

  /** Builds the component of {@code kind} that {@code config}'s class selects. */
  public Object create(ComponentKind kind, Object config) {
    String name = runtime.registry().forConfig(kind, config).name();
    return runtime.create(kind, name, config);
  }

  /**
   * Builds the component of {@code kind} that {@code config}'s class selects, for the run in
   * {@code runFolder}: its factory's context names that folder, against which relative files in
   * the config resolve.
   */
  public Object createForRun(ComponentKind kind, Object config, Path runFolder) {
    String name = runtime.registry().forConfig(kind, config).name();
    return runtime.create(kind, name, config, runFolder.toAbsolutePath());
  }

  /** Builds component {@code name} of {@code kind} from {@code config} (for shared config types). */
  public Object create(ComponentKind kind, String name, Object config) {
    return runtime.create(kind, name, config);
  }

  /**
   * Reads {@code json} as {@code type}: a config base such as {@code TokenDropConfig.class}
   * ({@code "type"} selects the factory) or any record that nests them. Fails with a {@link
   * dev.vitp.spi.VitpException}, e.g. {@code Unknown tokenDrop [foo]; known options [none,
   * shuffle, uniform]}.
   */
  public <T> T readConfig(String json, Class<T> type) {
    return runtime.configs().read(json, type);
  }

  /**
   * The mapper that knows every config type by name. Shared: use it as is, or {@code copy()} it
   * before changing its configuration.
   */
  public ObjectMapper objectMapper() {
    return runtime.configs().mapper();
  }

  // ------------------------------------------------------------------------------ pretraining

  /**
   * Binds a {@link RunConfig} from config trees, later layers over earlier ones, over the defaults
   * (backend {@code auto}, objective {@code instruction}, tokenizer {@code word}, tokenDrop {@code
   * uniform}, preset {@code nano}, the {@link TrainConfig#defaults} and two workers). Objects
   * merge field by field, except that one with a {@code "type"} replaces what it overrides, since
   * another component's config has other fields. {@code source} and {@code train.steps} have no
   * default. Every failure is a {@link dev.vitp.spi.VitpException}.
   */
  public RunConfig runConfig(JsonNode... layers) {
    ObjectNode defaults = objectMapper().createObjectNode();
    defaults.putObject("backend").put("type", AutoBackendConfig.NAME);
    defaults.putObject("objective").put("type", InstructionObjectiveConfig.NAME);
    defaults.putObject("tokenizer").put("type", "word");
    defaults.putObject("tokenDrop").put("type", "uniform");
    defaults.put("preset", "nano");
    ObjectNode train = objectMapper().valueToTree(TrainConfig.defaults(1));
    train.remove("steps");
    defaults.set("train", train);
    defaults.put("workers", 2);
    defaults.put("maxImagePixels", ImageLimits.DEFAULT_MAX_PIXELS);
    ObjectNode tree = layered(defaults, layers);
    require(tree, "source", "an instruction source (\"source\", or --recipe / --source)");
    require(tree, "train.steps", "train.steps (or --steps)");
    return runtime.configs().read(tree, RunConfig.class);
  }

  /**
   * Binds a {@link FinetuneConfig} from config trees, layered as {@link #runConfig} does, over
   * the defaults: backend {@code auto}, backbone {@code vit} (random init
   * of nano), recipe {@code supervised}, data with every label and bad files skipped, seed 42.
   * {@code head} and {@code data.path} have no default.
   */
  public FinetuneConfig finetuneConfig(JsonNode... layers) {
    ObjectNode defaults = objectMapper().createObjectNode();
    defaults.putObject("backend").put("type", AutoBackendConfig.NAME);
    defaults.putObject("backbone").put("type", "vit");
    defaults.putObject("recipe").put("type", "supervised");
    defaults.putObject("data").put("onBadFile", "skip").put("fraction", 1.0);
    defaults.put("seed", 42);
    ObjectNode tree = layered(defaults, layers);
    require(tree, "head", "a task head (\"head\", or --task / --head)");
    require(tree, "data.path", "data.path (or --data)");
    return runtime.configs().read(tree, FinetuneConfig.class);
  }

  private static ObjectNode layered(ObjectNode tree, JsonNode[] layers) {
    for (JsonNode layer : layers) {
      if (!layer.isObject()) {
        throw VitpException.userError("Expected a config object. Received: " + layer);
      }
      ConfigTrees.merge(tree, layer);
    }
    return tree;
  }

  private static void require(JsonNode tree, String path, String what) {
    JsonNode node = tree;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    if (node.isMissingNode() || node.isNull()) {
      throw VitpException.userError("Expected " + what + " in the config. Received: none");
    }
  }

  /** Reads a config file as a tree: YAML for {@code .yaml}/{@code .yml}, JSON otherwise. */
  public JsonNode readConfigFile(Path file) {
    return ConfigTrees.read(file);
  }

  /** The resolved config a run was saved with (its latest checkpoint's). */
  public RunConfig savedRunConfig(Path runFolder) {
    Checkpoints.Saved saved = new Checkpoints(objectMapper()).latest(runFolder);
    return new Pretraining(this).savedConfig(saved.meta(), runFolder);
  }

  /**
   * Pretrains a new run in {@code out} (which must hold no checkpoint): builds every component
   * {@code config} names, fits the word tokenizer when it names no file, saves the resolved
   * config as {@code out/run.json}, trains with checkpoints, and measures image reliance at the
   * end. {@code stop} ends it early with a checkpoint ({@link StopSignal#onCtrlC()} in a CLI).
   */
  public PretrainResult pretrain(RunConfig config, Path out, StopSignal stop,
      List<TrainListener> listeners) {
    return pretrain(config, out, false, stop, listeners);
  }

  /**
   * Like {@link #pretrain(RunConfig, Path, StopSignal, List)}; with {@code overwrite}, a folder
   * holding an earlier run's files (checkpoints, metrics, run.json, the fitted tokenizer) is
   * reused after they are removed, where otherwise any file in {@code out} refuses the run.
   * The folder is locked for the run: a second run on it is refused, naming the holder.
   */
  public PretrainResult pretrain(RunConfig config, Path out, boolean overwrite, StopSignal stop,
      List<TrainListener> listeners) {
    return new Pretraining(this).start(config, out, overwrite, stop, List.copyOf(listeners));
  }

  /** {@link #pretrain(RunConfig, Path, StopSignal, List)} until done. */
  public PretrainResult pretrain(RunConfig config, Path out, TrainListener... listeners) {
    return pretrain(config, out, StopSignal.manual(), List.of(listeners));
  }

  /**
   * Continues the run in {@code out} from its latest checkpoint, on its original schedule.
   * {@code requested} is the run's config with the changes the caller asks for (start from
   * {@link #savedRunConfig}): the backend, workers and checkpoint interval may change (each
   * change is told to the listeners' {@code onNotice}); a new {@code train.steps} only with
   * {@code extendSchedule}, which rebuilds the warmup and cosine schedule over the new total (the
   * learning rate rises again); any other change is refused with one line listing them.
   */
  public PretrainResult resume(Path out, RunConfig requested, boolean extendSchedule,
      StopSignal stop, List<TrainListener> listeners) {
    return new Pretraining(this).resume(out, requested, extendSchedule, stop,
        List.copyOf(listeners));
  }

  /**
   * Writes the ViT of the run's latest checkpoint as {@code out} (safetensors with InternViT key
   * names) and its spec beside it, for {@code finetune}, {@code embed} and PyTorch users.
   */
  public BackboneExport exportBackbone(Path runFolder, Path out) {
    Checkpoints.Saved saved = new Checkpoints(objectMapper()).latest(runFolder);
    JsonNode model = saved.meta().get("model");
    if (model == null) {
      throw VitpException.userError("Expected the run's checkpoint.json to name its model. "
          + "Received: no \"model\" in " + runFolder.resolve(Checkpoints.POINTER));
    }
    ModelSpec spec = runtime.configs().read(model, ModelSpec.class);
    new Backbones(objectMapper()).exportFromCheckpoint(saved.weights(), spec.vit(), out);
    return Backbones.isSingleFile(out)
        ? new BackboneExport(out, Backbones.specFileOf(out), saved.step(), spec.vit())
        : new BackboneExport(out.resolve("model.safetensors"), out.resolve("config.json"),
            saved.step(), spec.vit());
  }

  // ------------------------------------------------------------------------------- finetuning

  /**
   * Finetunes the backbone with the head on the labelled data, as the config's recipe says; writes
   * the resolved config as {@code out/finetune.json} and the recipe's outputs ({@code
   * metrics.json}, {@code epochs.jsonl}, {@code best.safetensors} for {@code supervised}).
   */
  public FinetuneResult finetune(FinetuneConfig config, Path out, Consumer<EpochRecord> onEpoch) {
    return finetune(config, out, false, onEpoch);
  }

  /**
   * Like {@link #finetune(FinetuneConfig, Path, Consumer)}; {@code out} must be empty unless
   * {@code overwrite}, which replaces an earlier fine-tuning's files there. The folder is locked
   * for the run.
   */
  public FinetuneResult finetune(FinetuneConfig config, Path out, boolean overwrite,
      Consumer<EpochRecord> onEpoch) {
    return finetune(config, out, overwrite, FinetuneListener.ofEpochs(onEpoch));
  }

  /**
   * Like {@link #finetune(FinetuneConfig, Path, boolean, Consumer)}, with every optimizer step
   * reported to {@code listener} too (progress bars). Besides the recipe's files the run folder
   * gets {@code metrics.csv} (a row per epoch) and a TensorBoard event file.
   */
  public FinetuneResult finetune(FinetuneConfig config, Path out, boolean overwrite,
      FinetuneListener listener) {
    return new Finetuning(this).run(config, out, overwrite, listener);
  }

  // ------------------------------------------------------------------------------- evaluation

  /**
   * Scores a fine-tuned model (a {@code vitp finetune} folder, or a weights file beside its
   * {@code finetune.json}) on a split of labelled data, rebuilding backbone and head from the
   * saved config and loading every weight strictly, with the metrics the fine-tuning validated
   * with; or scores detections made elsewhere (COCO results json, DOTA Task1 files) against a
   * dataset's truth. Writes {@code out/metrics.json}; {@code out} must be empty unless the
   * request overwrites.
   */
  public EvaluateResult evaluate(EvaluateRequest request) {
    return new Evaluating(this).run(request);
  }

  // ------------------------------------------------------------------------------- prediction

  /**
   * Runs a fine-tuned model (found and loaded strictly as {@link #evaluate} loads it) on a folder
   * of images and writes its predictions under {@code request.out()}: labels as CSV and JSON,
   * palette mask PNGs, 0/255 change maps, COCO results json and DOTA Task1 files, overlay PNGs,
   * and {@code predict.json}. Scenes larger than a tile are cut into overlapping tiles and
   * stitched. {@code out} must be new or empty unless the request overwrites.
   */
  public PredictResult predict(PredictRequest request) {
    return new Predicting(this).run(request);
  }

  // -------------------------------------------------------------------------------- embedding

  /** The backbone's features of every image under {@code request.images()}, in memory. */
  public Embeddings embed(EmbedRequest request) {
    return Embedding.run(this, request);
  }

  /**
   * The backbone's features of {@code files}, named {@code names} in the result, in that order
   * ({@code request.images()} is not read).
   */
  public Embeddings embed(EmbedRequest request, List<Path> files, List<String> names) {
    return Embedding.run(this, request, files, names, files.size() + " files");
  }

  /**
   * A backbone loaded for embedding batches of images of one's own choosing (a list, a glob, a
   * partition of a distributed job), with the backend, backbone, pooling and decoding bound of
   * {@code request}; its {@code images} folder and {@code batch} are the caller's to apply.
   */
  public ImageEmbedder imageEmbedder(EmbedRequest request) {
    return new ImageEmbedder(this, request);
  }

  VitpRuntime runtime() {
    return runtime;
  }

  /** The Guice injector; it holds {@code Map<String, XFactory>} for every kind. */
  public Injector injector() {
    return runtime.injector();
  }

  @Override
  public String toString() {
    return "Vitp" + plugins.stream().map(PluginInfo::id).toList();
  }

  /** Configures which plugins a {@link Vitp} loads. */
  public static final class Builder {
    private @Nullable ClassLoader classLoader;
    private boolean discover = true;
    private final List<VitpPlugin> extra = new ArrayList<>();
    private PluginFolders folders = PluginFolders.none();

    private Builder() {}

    /**
     * Also loads the plugin jars in these folders, each jar (or sub-folder of jars) in a class
     * loader of its own; see {@link PluginFolders}.
     */
    public Builder pluginFolders(List<Path> folders) {
      this.folders = PluginFolders.of(folders);
      return this;
    }

    /** Also loads the plugin bundles of {@code folders}. */
    public Builder pluginFolders(PluginFolders folders) {
      this.folders = folders;
      return this;
    }

    /** Where to discover plugins (default: the thread context class loader). */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /** Adds a plugin instance besides the discovered ones. */
    public Builder plugin(VitpPlugin plugin) {
      extra.add(plugin);
      return this;
    }

    /** Whether to discover plugins through {@link java.util.ServiceLoader} (default true). */
    public Builder discover(boolean discover) {
      this.discover = discover;
      return this;
    }

    public Vitp build() {
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = Vitp.class.getClassLoader();
      }
      return new Vitp(VitpRuntime.start(loader, discover, List.copyOf(extra), folders));
    }
  }
}
