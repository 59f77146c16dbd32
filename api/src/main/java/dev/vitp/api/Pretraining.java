package dev.vitp.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.metrics.EventFileWriter;
import dev.vitp.api.metrics.MetricsCsv;
import dev.vitp.api.model.Backbones;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitSpec;
import dev.vitp.api.model.VitpModel;
import dev.vitp.api.objective.InstructionObjective;
import dev.vitp.api.objective.InstructionObjectiveConfig;
import dev.vitp.api.objective.SizedObjective;
import dev.vitp.api.text.ConversationEncoder;
import dev.vitp.api.text.WordTokenizer;
import dev.vitp.api.text.WordTokenizerConfig;
import dev.vitp.api.train.Checkpoints;
import dev.vitp.api.train.ImageReliance;
import dev.vitp.api.train.InstructionBatches;
import dev.vitp.api.train.MetricsFile;
import dev.vitp.api.train.Pretrainer;
import dev.vitp.api.train.RunFolder;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainConfig;
import dev.vitp.api.train.TrainListener;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.Turn;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.spi.pretrain.ObjectiveLoss;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.SplittableRandom;
import dev.vitp.spi.pretrain.ObjectiveModel;
import dev.vitp.spi.pretrain.ObjectiveSetup;
import dev.vitp.spi.pretrain.PretrainObjective;
import dev.vitp.spi.text.Tokenizer;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The work behind {@link Vitp#pretrain} and {@link Vitp#resume}: builds every component a {@link
 * RunConfig} names, keeps the resolved config in the run folder, and runs the {@link Pretrainer}.
 */
final class Pretraining {
  /** The resolved config of a run, in its folder; a valid {@code --config} file itself. */
  static final String RUN_FILE = "run.json";
  static final String RELIANCE_FILE = "image_reliance.json";
  /** Batches measured for {@code image_reliance.json} at the end of a run. */
  static final int RELIANCE_BATCHES = 8;
  /** At most this many held-out records are scored for {@code val_loss} (the first ones). */
  static final int MAX_HELD_OUT = 256;
  private static final long HELD_OUT_SEED = 0x7E57L;

  /**
   * Settings a resumed run may change: where it computes, how many decoding threads, the
   * decoding bound (a run stopped by an image over it goes on with a raised one) and how often it
   * saves. Everything else shapes the weights and is refused; {@code train.steps} only with an
   * explicit extension.
   */
  private static final Set<String> CHANGEABLE_ON_RESUME =
      Set.of("backend", "workers", "maxImagePixels", "train.checkpointEvery");
  private static final String STEPS = "train.steps";
  private static final String PURPOSE = "vitp pretrain";

  private final Vitp vitp;
  private final ObjectMapper json;

  Pretraining(Vitp vitp) {
    this.vitp = vitp;
    this.json = vitp.objectMapper();
  }

  PretrainResult start(RunConfig requested, Path out, boolean overwrite, StopSignal stop,
      List<TrainListener> listeners) {
    RunConfig config = concreteBackend(requested);
    Backbones.@Nullable Loaded init = config.initBackbone() == null ? null
        : new Backbones(json).load(Path.of(config.initBackbone()));
    ModelSpec model = withInitialBackbone(sizes(config), init);
    PretrainObjective objective = objective(config, out);
    if (objective.readsText() && model.decoder() == null) {
      throw VitpException.userError("Expected a preset with a language decoder for an objective "
          + "that reads text (nano, tiny). Received: preset=" + config.preset());
    }
    // Built once, here, so that a backend that cannot train is refused before any work.
    Backend compute = vitp.backend(config.backend(), Capability.TRAINING, PURPOSE);
    // The folder is locked before it is checked for an earlier run's files (RunFolder says which
    // and how to resume), so that a second run on it is told the holder's PID.
    try (RunFolder folder = RunFolder.claimNew(out, PURPOSE, overwrite, Pretraining::isRunOutput)) {
      return folder.run(() -> run(objective.readsText() ? fitTokenizer(config, out) : config,
          objective, model, compute, out, null, init, stop, listeners),
          name -> name.startsWith("checkpoint"));
    }
  }

  /** The preset's model with the run's {@code model} overrides merged over it. */
  private ModelSpec sizes(RunConfig config) {
    ModelSpec preset = Presets.get(config.preset());
    if (config.model() == null) {
      return preset;
    }
    if (!config.model().isObject()) {
      throw VitpException.userError("Expected \"model\" to be an object of sizes over the "
          + "preset, e.g. {\"decoder\": {\"textTokens\": 96}}. Received: " + config.model());
    }
    ObjectNode tree = json.valueToTree(preset);
    ConfigTrees.merge(tree, config.model());
    try {
      return json.treeToValue(tree, ModelSpec.class);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof VitpException v ? v : e;
      throw VitpException.userError("Expected model sizes that make a valid model over preset "
          + config.preset() + ". Received: " + config.model() + " (" + cause.getMessage()
          .lines().findFirst().orElse("") + ")", e);
    }
  }

  /**
   * The preset with the ViT of the backbone a run starts from: its architecture (width, depth,
   * heads, patch size, layer scale, norms), at the preset's image size (the position grid is
   * resized on load, as {@code embed} does) and drop path rate.
   */
  private static ModelSpec withInitialBackbone(ModelSpec preset, Backbones.@Nullable Loaded init) {
    if (init == null) {
      return preset;
    }
    VitSpec vit = init.spec().withImageSize(preset.vit().imageSize())
        .withDropPathRate(preset.vit().dropPathRate());
    try {
      return new ModelSpec(preset.name(), vit, preset.decoder(), preset.maeDecoder());
    } catch (VitpException e) {
      throw VitpException.userError("Expected a backbone to start from whose patch grid at the "
          + "preset's " + preset.vit().imageSize() + " px suits the preset. Received: "
          + init.source() + " (patch size " + vit.patchSize() + "): " + e.getMessage(), e);
    }
  }

  /** The files a pretraining run writes into its folder (what --overwrite may replace). */
  static boolean isRunOutput(String name) {
    return name.equals(Checkpoints.POINTER) || name.equals(RUN_FILE)
        || name.equals(RELIANCE_FILE) || name.equals(MetricsFile.JSONL)
        || name.equals(MetricsCsv.FILE) || name.startsWith(EventFileWriter.PREFIX)
        || name.equals(MetricsFile.PLOT)
        || name.equals(WordTokenizerConfig.FITTED_FILE)
        || name.startsWith("checkpoint-") && name.endsWith(".safetensors");
  }

  /** {@code word} with its vocabulary in place: fitted where its file is missing. */
  private RunConfig fitTokenizer(RunConfig config, Path out) {
    RunConfig resolved = config;
    if (config.tokenizer() instanceof WordTokenizerConfig word) {
      // The vocabulary lives at `file` (relative: in the run folder); a new run fits it there
      // when it is not there yet. Fitting is deterministic, so a run started from another run's
      // run.json fits the same vocabulary.
      String file = word.file() == null ? WordTokenizerConfig.FITTED_FILE : word.file();
      Path vocabulary = out.resolve(file);
      if (!Files.exists(vocabulary)) {
        InstructionSource source = (InstructionSource) vitp.createForRun(
            ComponentKind.INSTRUCTION_SOURCE, config.source(), out);
        // Fitted on the distinct records, each once: repeat_time weights what training samples,
        // not the vocabulary (the same whatever the mixture, and a word's min_count is counted
        // in the data as stored), and preparation reads the files once however often a recipe
        // repeats them.
        WordTokenizer.PieceCounts counts = new WordTokenizer.PieceCounts();
        try (RecordStream records = source.openDistinct()) {
          while (records.hasNext()) {
            for (Turn t : records.next().conversations()) {
              counts.add(t.value());
            }
          }
        }
        if (counts.texts() == 0) {
          throw VitpException.userError("Expected conversations in the source of objective ["
              + InstructionObjectiveConfig.NAME + "]. Received: records without text (an "
              + "image-only source such as image-folder serves objectives that read no text, "
              + "e.g. --objective mae)");
        }
        counts.fit(word.vocabSize(), word.minCount()).save(vocabulary, json);
      }
      resolved = config.withTokenizer(word.withFile(file));
    }
    return resolved;
  }

  PretrainResult resume(Path out, RunConfig asked, boolean extendSchedule, StopSignal stop,
      List<TrainListener> listeners) {
    // The folder is ours before its checkpoint is read: no other run can move it on meanwhile.
    try (RunFolder folder = RunFolder.claimExisting(out, PURPOSE)) {
      return resumeClaimed(out, asked, extendSchedule, stop, listeners);
    }
  }

  private PretrainResult resumeClaimed(Path out, RunConfig asked, boolean extendSchedule,
      StopSignal stop, List<TrainListener> listeners) {
    RunConfig requested = concreteBackend(asked);
    Checkpoints.Saved saved = new Checkpoints(json).latest(out);
    RunConfig original = savedConfig(saved.meta(), out);
    List<String> refused = new ArrayList<>();
    List<String> applied = new ArrayList<>();
    for (String change : differences("", json.valueToTree(original), json.valueToTree(requested))) {
      String path = change.substring(0, change.indexOf(' '));
      boolean changeable = CHANGEABLE_ON_RESUME.stream()
          .anyMatch(p -> path.equals(p) || path.startsWith(p + "."));
      if (changeable || path.equals(STEPS) && extendSchedule) {
        applied.add(change);
      } else {
        refused.add(change);
      }
    }
    if (!refused.isEmpty()) {
      String hint = refused.stream().anyMatch(c -> c.startsWith(STEPS + " "))
          ? "; to train a finished run further, pass --extend (the schedule is rebuilt over the "
              + "new total)" : "; start a new run (another --out) to change them";
      throw VitpException.userError("Expected the settings of the run in " + out + ". Received "
          + "changes that resuming cannot apply: " + String.join(", ", refused) + hint);
    }
    if (requested.train().steps() < saved.step()) {
      throw VitpException.userError("Expected train.steps >= the step the run is at. Received: "
          + "train.steps=" + requested.train().steps() + ", run at step " + saved.step());
    }
    for (String change : applied) {
      String line = "Applied on resume: " + change;
      listeners.forEach(l -> l.onNotice(line));
    }
    ModelSpec model = json.convertValue(saved.meta().get("model"), ModelSpec.class);
    return run(requested, objective(requested, out), model, vitp.backend(requested.backend(),
        Capability.TRAINING, PURPOSE), out, saved, null, stop, listeners);
  }

  /** The config a run was saved with, from its checkpoint. */
  RunConfig savedConfig(JsonNode meta, Path out) {
    JsonNode run = meta.get("run");
    if (run == null || !run.isObject()) {
      throw VitpException.userError("Expected a run config in " + out.resolve(Checkpoints.POINTER)
          + " (written by vitp 0.1 with run configs or later). Received: none; start a new run");
    }
    return vitp.runConfig(run);
  }

  private PretrainObjective objective(RunConfig config, Path out) {
    return (PretrainObjective) vitp.createForRun(ComponentKind.PRETRAIN_OBJECTIVE,
        config.objective(), out);
  }

  private PretrainResult run(RunConfig config, PretrainObjective objective, ModelSpec model,
      Backend compute, Path out, Checkpoints.@Nullable Saved saved,
      Backbones.@Nullable Loaded init, StopSignal stop, List<TrainListener> listeners) {
    TrainConfig train = config.train();
    Tokenizer tokenizer = objective.readsText() ? (Tokenizer) vitp.createForRun(
        ComponentKind.TOKENIZER, config.tokenizer(), out) : null;
    InstructionSource source = (InstructionSource) vitp.createForRun(
        ComponentKind.INSTRUCTION_SOURCE, config.source(), out);
    TokenDropStrategy tokenDrop = (TokenDropStrategy) vitp.createForRun(ComponentKind.TOKEN_DROP,
        config.tokenDrop(), out);
    ObjectNode resolved = SavedConfigs.resolved(vitp, config, Map.of(ComponentKind.BACKEND,
        config.backend(), ComponentKind.INSTRUCTION_SOURCE, config.source(),
        ComponentKind.PRETRAIN_OBJECTIVE, config.objective(), ComponentKind.TOKENIZER,
        config.tokenizer(), ComponentKind.TOKEN_DROP, config.tokenDrop()));
    SavedConfigs.write(out.resolve(RUN_FILE), resolved, json);
    ObjectNode meta = json.createObjectNode();
    meta.set("run", resolved);
    meta.set("model", json.valueToTree(model));

    boolean validates = train.valEvery() > 0;
    if (validates && !source.supportsHoldout()) {
      throw VitpException.userError("Expected an instruction source that can hold records out "
          + "(internvl-jsonl, image-folder) for train.valEvery (--val-every). Received: source="
          + source.getClass().getName());
    }
    LoaderOptions loader = LoaderOptions.builder().batchSize(train.batchSize())
        .imageSize(model.vit().imageSize()).seed(train.seed()).workers(config.workers())
        .maxImagePixels(config.maxImagePixels()).prefetchBatches(4).shuffle(true).dropLast(true)
        .holdout(validates ? new LoaderOptions.Holdout(train.valShare(), train.seed(), false)
            : null)
        .build();
    ConversationEncoder encoder = tokenizer == null ? null
        : new ConversationEncoder(tokenizer, model.decoder().textTokens());
    Checkpoints checkpoints = new Checkpoints(json);
    try (BackendSession session = compute.newSession(train.seed());
        InstructionBatches batches = new InstructionBatches(source, loader, encoder,
            train.accumulation(), imageSlots(model));
        MetricsFile metrics = new MetricsFile(out.resolve(MetricsFile.JSONL), json)) {
      ParameterScope root = ParameterScope.root(session, train.seed());
      VisionTransformer vit = VitpModel.visionModel(root, model.vit());
      if (init != null) {
        Backbones.fill(init, model.vit(), root.child(VitpModel.VISION_SCOPE));
      }
      ObjectiveSetup setup = new ObjectiveSetup(root, vit, config.preset(),
          tokenizer == null ? 0 : tokenizer.vocabSize(), tokenDrop);
      // The built-in objectives take the run's exact sizes; a plugin's reads the preset's name.
      ObjectiveModel built = objective instanceof SizedObjective sized
          ? sized.build(setup, model) : objective.build(setup);
      List<TrainListener> all = new ArrayList<>(listeners);
      all.add(metrics);
      Pretrainer.HeldOutLoss heldOut = null;
      if (validates) {
        List<ModelBatch> held = batches.readAll(loader.toBuilder().holdout(
            new LoaderOptions.Holdout(train.valShare(), train.seed(), true)).shuffle(false)
            .dropLast(false).epoch(0).build(), MAX_HELD_OUT);
        if (held.isEmpty()) {
          throw VitpException.userError("Expected held-out records for train.valEvery "
              + "(--val-every). Received: none of the source's records fell in the held-out "
              + "share " + train.valShare() + "; raise it (--val-share)");
        }
        heldOut = () -> heldOutLoss(session, built, held);
      }
      Pretrainer trainer = new Pretrainer(session, built, batches, train, out, checkpoints, meta,
          all, heldOut);
      long first = 0;
      if (saved != null) {
        Checkpoints.restore(session, saved.weights());
        first = saved.step();
      }
      Pretrainer.Result result = trainer.run(first, stop);
      ImageReliance reliance = null;
      // Only ViTP answers questions about images; swapping needs two samples.
      if (!result.stoppedEarly() && train.batchSize() >= 2
          && built instanceof InstructionObjective.Built vitpModel) {
        reliance = ImageReliance.measure(session, vitpModel.model(), batches, RELIANCE_BATCHES);
        SavedConfigs.write(out.resolve(RELIANCE_FILE), json.createObjectNode()
            .put("batches", reliance.batches()).put("own_image_loss", reliance.ownImageLoss())
            .put("swapped_image_loss", reliance.swappedImageLoss()).put("gap", reliance.gap()),
            json);
      }
      return new PretrainResult(out, compute.name(), first, result.completedSteps(),
          train.steps(), result.lastLoss(), result.stoppedEarly(),
          result.lastCheckpoint() == null ? null : result.lastCheckpoint().weights(),
          result.skippedEmptyBatches(), batches.truncatedConversations(),
          batches.recordsWithImagesCut(), batches.skipSummaries(), reliance);
    }
  }

  /**
   * The objective's loss on the held-out batches with the current weights, weighted by each
   * batch's supervised tokens (its samples for an objective that reads no text). ViTP keeps every
   * image token here, as downstream use does; other objectives draw their random choices (MAE's
   * masks) from a fixed seed, so that successive measurements compare.
   */
  private static double heldOutLoss(BackendSession session, ObjectiveModel built,
      List<ModelBatch> held) {
    double sum = 0;
    double weight = 0;
    for (ModelBatch batch : held) {
      try (Step step = session.newStep(StepMode.INFERENCE, HELD_OUT_SEED)) {
        double value;
        double w;
        if (built instanceof InstructionObjective.Built vitpModel) {
          if (batch.supervisedTokens() == 0) {
            continue;
          }
          KeptTokens all = KeptTokens.all(batch.imageCount(),
              vitpModel.model().spec().imageTokens());
          value = step.item(vitpModel.model().loss(step, batch, all));
          w = batch.supervisedTokens();
        } else {
          ObjectiveLoss loss = built.loss(step, batch, new SplittableRandom(HELD_OUT_SEED));
          if (loss.value() == null) {
            continue;
          }
          value = step.item(loss.value());
          w = batch.batchSize();
        }
        sum += value * w;
        weight += w;
      }
    }
    return weight == 0 ? Double.NaN : sum / weight;
  }

  /**
   * The most images one sample shows: the language decoder's slots (so that every objective sees
   * the same images of a record), one for a backbone-only preset.
   */
  private static int imageSlots(ModelSpec model) {
    return model.decoder() == null ? 1 : model.decoder().imagesPerSample();
  }

  /** {@code auto} resolved, so that the run records (and resumes on) the backend that ran it. */
  private RunConfig concreteBackend(RunConfig config) {
    return config.withBackend(vitp.resolveBackend(config.backend(), Capability.TRAINING));
  }

  /**
   * The leaves where {@code b} differs from {@code a}, as {@code path old -> new}; a component
   * config whose {@code type} changed is one difference.
   */
  static List<String> differences(String path, JsonNode a, JsonNode b) {
    List<String> out = new ArrayList<>();
    boolean sameType = a.path("type").equals(b.path("type"));
    if (a.isObject() && b.isObject() && sameType) {
      Set<String> fields = new TreeSet<>();
      a.fieldNames().forEachRemaining(fields::add);
      b.fieldNames().forEachRemaining(fields::add);
      fields.remove(RunConfig.PLUGINS);
      for (String field : fields) {
        out.addAll(differences(path.isEmpty() ? field : path + "." + field,
            a.path(field), b.path(field)));
      }
    } else if (!a.equals(b)) {
      out.add(path + " " + a + " -> " + b);
    }
    return out;
  }
}
