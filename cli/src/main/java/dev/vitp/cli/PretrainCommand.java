package dev.vitp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VitpModel;
import dev.vitp.api.text.ConversationEncoder;
import dev.vitp.api.text.WordTokenizer;
import dev.vitp.api.train.Checkpoints;
import dev.vitp.api.train.ConsoleProgress;
import dev.vitp.api.train.ImageReliance;
import dev.vitp.api.train.InstructionBatches;
import dev.vitp.api.train.MetricsFile;
import dev.vitp.api.train.Pretrainer;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainConfig;
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.backend.djl.HuggingFaceTokenizerJson;
import dev.vitp.spi.InstructionSourceConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.SkipSummary;
import dev.vitp.spi.data.Turn;
import dev.vitp.spi.io.SafeTensors;
import dev.vitp.spi.text.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp pretrain}: ViTP pretraining with VRL on InternVL-format instruction data. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
    description = "Pretrain a ViTP model (ViT -> projector -> decoder) with Visual Robustness "
        + "Learning on InternVL-format instruction data; checkpoints and metrics go to --out.")
final class PretrainCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--recipe", description = "InternVL meta JSON (or one .jsonl). Not needed "
      + "with --resume.")
  @Nullable Path recipe;

  @Option(names = "--preset", defaultValue = "nano", description = "Model preset (${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--steps", required = true, description = "Optimizer steps in total.")
  long steps;

  @Option(names = "--out", required = true, description = "Run folder.")
  Path out;

  @Option(names = "--backend", defaultValue = "djl-pytorch", description = "(${DEFAULT-VALUE})")
  String backend;

  @Option(names = "--drop-ratio", defaultValue = "0.75",
      description = "VRL: share r of image tokens dropped (${DEFAULT-VALUE}); 0 turns VRL off.")
  double dropRatio;

  @Option(names = "--drop-prob", defaultValue = "1.0",
      description = "VRL: probability p that a batch is dropped at all (${DEFAULT-VALUE}).")
  double dropProbability;

  @Option(names = "--batch", defaultValue = "8", description = "(${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--accumulation", defaultValue = "1",
      description = "Micro-batches per optimizer step (${DEFAULT-VALUE}).")
  int accumulation;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--vit-lr-scale", defaultValue = "" + TrainConfig.DEFAULT_VIT_LR_SCALE,
      description = "The ViT's learning rate as a share of --lr (${DEFAULT-VALUE}); 1 trains it at "
          + "the decoder's rate.")
  float vitLrScale;

  @Option(names = "--seed", defaultValue = "42", description = "(${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "(${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--workers", defaultValue = "2", description = "Image decoding threads.")
  int workers;

  @Option(names = "--tokenizer", description = "A HuggingFace tokenizer.json defining vitp's "
      + "special tokens; default: a word-level tokenizer fitted on the recipe, saved in the run.")
  @Nullable Path tokenizerJson;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
  boolean resume;

  @Option(names = "--on-bad-record", defaultValue = "skip",
      description = "skip (count and report) or fail (${DEFAULT-VALUE}).")
  String onBadRecord;

  @Option(names = {"--freeze"}, split = ",", description = "Parts to freeze: vit,projector,decoder.")
  List<String> freeze = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Vitp vitp = parent.vitp();
    ObjectMapper json = vitp.objectMapper();
    PrintWriter console = spec.commandLine().getOut();
    Checkpoints checkpoints = new Checkpoints(json);
    Checkpoints.Saved saved = null;
    ObjectNode meta;
    if (resume) {
      saved = checkpoints.latest(out);
      meta = (ObjectNode) saved.meta().deepCopy();
      meta.remove("step");
      meta.remove("weights");
      if (meta.get("train") instanceof ObjectNode train && !train.has("vitLrScale")) {
        train.put("vitLrScale", 1f); // runs from before the option trained the ViT at the full rate
      }
    } else {
      if (Files.exists(out.resolve(Checkpoints.POINTER))) {
        throw VitpException.userError("Expected a new run folder. Received: " + out
            + " already holds a checkpoint; pass --resume to continue it or choose another --out");
      }
      meta = newRun(json);
    }
    ModelSpec model = json.treeToValue(meta.get("model"), ModelSpec.class);
    TrainConfig config = json.treeToValue(meta.get("train"), TrainConfig.class).withSteps(steps);
    meta.set("train", json.valueToTree(config));
    InstructionSource source = vitp.instructionSource(
        json.treeToValue(meta.get("source"), InstructionSourceConfig.class));
    Tokenizer tokenizer = tokenizer(meta.get("tokenizer"), json);
    double ratio = meta.path("tokenDrop").path("ratio").asDouble();
    double probability = meta.path("tokenDrop").path("probability").asDouble();
    Backend compute = vitp.backend(backend);
    compute.requireCapability(Capability.TRAINING, "vitp pretrain");
    Files.createDirectories(out);
    LoaderOptions loader = LoaderOptions.builder().batchSize(config.batchSize())
        .imageSize(model.vit().imageSize()).seed(config.seed()).workers(Math.max(1, workers))
        .prefetchBatches(4).shuffle(true).dropLast(true).build();
    ConversationEncoder encoder = new ConversationEncoder(tokenizer, model.decoder().textTokens());
    try (BackendSession session = compute.newSession(config.seed());
        InstructionBatches batches = new InstructionBatches(source, loader, encoder,
            config.accumulation(), model.decoder().imagesPerSample());
        MetricsFile metrics = new MetricsFile(out.resolve("metrics.jsonl"), json);
        StopSignal stop = StopSignal.onCtrlC()) {
      VitpModel vitpModel = new VitpModel(session, model, tokenizer.vocabSize(), config.seed());
      Pretrainer trainer = new Pretrainer(session, vitpModel,
          vitp.tokenDrop(new UniformDropConfig(ratio, probability)), batches, config, out,
          checkpoints, meta, List.of(ConsoleProgress.stderr("pretrain"), metrics));
      long first = 0;
      if (saved != null) {
        Checkpoints.restore(session, saved.weights());
        first = saved.step();
        console.println("Resuming " + out + " at step " + first + " of " + config.steps());
      }
      Pretrainer.Result result = trainer.run(first, stop);
      console.printf("%s after %d/%d steps: loss %.4f; checkpoint %s%n",
          result.stoppedEarly() ? "Stopped (saved)" : "Finished", result.completedSteps(),
          config.steps(), result.lastLoss(), result.lastCheckpoint() == null ? "none"
              : result.lastCheckpoint().weights());
      report(console, batches, result);
      if (!result.stoppedEarly() && config.batchSize() >= 2) { // swapping needs two samples
        reportImageReliance(console, json, session, vitpModel, batches);
      }
    }
    console.flush();
    return 0;
  }

  private ObjectNode newRun(ObjectMapper json) throws Exception {
    if (recipe == null) {
      throw VitpException.userError("Expected --recipe for a new run. Received: none");
    }
    if (!onBadRecord.equals("skip") && !onBadRecord.equals("fail")) {
      throw VitpException.userError("Expected --on-bad-record skip or fail. Received: "
          + onBadRecord);
    }
    ModelSpec model = Presets.get(preset);
    if (model.decoder() == null) {
      throw VitpException.userError("Expected a preset with a language decoder for pretraining "
          + "(nano, tiny). Received: preset=" + preset);
    }
    TrainConfig config = TrainConfig.defaults(steps).withBatchSize(batch).withLr(lr)
        .withVitLrScale(vitLrScale).withSeed(seed).withCheckpointEvery(checkpointEvery)
        .withAccumulation(accumulation)
        .withFreeze(freeze.contains("vit"), freeze.contains("projector"),
            freeze.contains("decoder"));
    new UniformDropConfig(dropRatio, dropProbability); // validates the ranges up front
    ObjectNode meta = json.createObjectNode();
    meta.set("model", json.valueToTree(model));
    meta.set("train", json.valueToTree(config));
    ObjectNode drop = meta.putObject("tokenDrop");
    drop.put("type", "uniform").put("ratio", dropRatio).put("probability", dropProbability);
    ObjectNode source = meta.putObject("source");
    source.put("type", "internvl-jsonl").put("recipe", recipe.toAbsolutePath().toString())
        .put("badRecords", onBadRecord);
    ObjectNode tok = meta.putObject("tokenizer");
    if (tokenizerJson != null) {
      tok.put("type", "huggingface").put("file", tokenizerJson.toAbsolutePath().toString());
    } else {
      Files.createDirectories(out);
      InstructionSource records = parent.vitp().instructionSource(
          json.treeToValue(source, InstructionSourceConfig.class));
      WordTokenizer fitted = WordTokenizer.fit(conversationTexts(records), 4096, 2);
      fitted.save(out.resolve("tokenizer.json"), json);
      tok.put("type", "word-level").put("file", "tokenizer.json");
    }
    return meta;
  }

  private Tokenizer tokenizer(JsonNode node, ObjectMapper json) {
    String file = node.path("file").asText();
    if (node.path("type").asText().equals("huggingface")) {
      return HuggingFaceTokenizerJson.open(Path.of(file));
    }
    return WordTokenizer.load(out.resolve(file), json);
  }

  private static List<String> conversationTexts(InstructionSource source) {
    List<String> texts = new ArrayList<>();
    try (RecordStream records = source.open()) {
      while (records.hasNext()) {
        InstructionRecord r = records.next();
        for (Turn t : r.conversations()) {
          texts.add(t.value());
        }
      }
    }
    return texts;
  }

  /** Batches measured for {@code image_reliance.json} at the end of a run. */
  static final int RELIANCE_BATCHES = 8;

  private void reportImageReliance(PrintWriter console, ObjectMapper json,
      BackendSession session, VitpModel model, InstructionBatches batches) throws IOException {
    ImageReliance reliance = ImageReliance.measure(session, model, batches, RELIANCE_BATCHES);
    ObjectNode node = json.createObjectNode().put("batches", reliance.batches())
        .put("own_image_loss", reliance.ownImageLoss())
        .put("swapped_image_loss", reliance.swappedImageLoss()).put("gap", reliance.gap());
    SafeTensors.writeAtomically(out.resolve("image_reliance.json"),
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    console.printf(Locale.ROOT, "Image reliance (first %d training batches, all image tokens): "
            + "loss %.4f with each sample's image, %.4f with another sample's (gap %.4f)%n",
        reliance.batches(), reliance.ownImageLoss(), reliance.swappedImageLoss(), reliance.gap());
  }

  private static void report(PrintWriter console, InstructionBatches batches,
      Pretrainer.Result result) {
    if (result.skippedEmptyBatches() > 0) {
      console.println("Batches with no supervised token (skipped): " + result.skippedEmptyBatches());
    }
    if (batches.truncatedConversations() > 0) {
      console.println("Conversations cut at the text budget: " + batches.truncatedConversations());
    }
    if (batches.recordsWithImagesCut() > 0) {
      console.println("Records with more images than the model's image slots (first ones shown): "
          + batches.recordsWithImagesCut());
    }
    for (SkipSummary summary : batches.skipSummaries()) {
      console.println(summary);
    }
  }
}
