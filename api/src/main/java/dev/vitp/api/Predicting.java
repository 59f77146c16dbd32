package dev.vitp.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.train.RunFolder;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.task.FinetuneRecipe;
import dev.vitp.spi.task.Prediction;
import dev.vitp.spi.task.PredictionJob;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work behind {@link Vitp#predict}: the fine-tuned model found as {@code vitp evaluate}
 * finds it ({@link FinetunedModel}), built and loaded by its recipe, run on a folder of images;
 * writes the recipe's files and {@code predict.json}.
 */
final class Predicting {
  static final String SUMMARY_FILE = "predict.json";
  /** Top-level files a prediction writes (replaced under --overwrite). */
  static final Set<String> FILES = Set.of(SUMMARY_FILE, "predictions.csv", "predictions.json",
      "coco_results.json");
  /** Folders a prediction writes (emptied under --overwrite). */
  static final Set<String> FOLDERS = Set.of("masks", "overlays", "dota");

  private final Vitp vitp;

  Predicting(Vitp vitp) {
    this.vitp = vitp;
  }

  PredictResult run(PredictRequest request) {
    ObjectNode overrides = vitp.objectMapper().createObjectNode();
    if (request.backend() != null) {
      overrides.set("backend", vitp.objectMapper().valueToTree(request.backend()));
    }
    FinetunedModel model = FinetunedModel.find(vitp, request.model(), request.task(), overrides);
    if (!Files.isDirectory(request.images())) {
      throw VitpException.userError("Expected --images to name a folder of images. Received: "
          + request.images() + (Files.exists(request.images()) ? " (not a folder)"
              : " (does not exist)"));
    }
    FinetuneConfig config = model.config();
    Backend backend = vitp.backend(config.backend(), Capability.INFERENCE, "vitp predict");
    BackboneBuilder backbone = (BackboneBuilder) vitp.createForRun(ComponentKind.BACKBONE,
        config.backbone(), model.runFolder());
    TaskHeadBuilder head = (TaskHeadBuilder) vitp.createForRun(ComponentKind.TASK_HEAD,
        config.head(), model.runFolder());
    FinetuneRecipe recipe = (FinetuneRecipe) vitp.createForRun(ComponentKind.FINETUNE_RECIPE,
        config.recipe(), model.runFolder());
    PredictionJob job = new PredictionJob(backend, backbone, head, model.task(), config.data(),
        model.weights(), request.images(), request.out(), request.tile(), request.overlap(),
        request.onBadFile(), request.maxImagePixels(), config.seed(), request.shard());
    if (request.overwrite()) {
      clearEarlierFolders(request.out());
    }
    try (RunFolder folder = RunFolder.claimNew(request.out(), "vitp predict",
        request.overwrite(), FILES::contains)) {
      Prediction prediction = recipe.predict(job);
      Path summary = request.out().resolve(SUMMARY_FILE);
      write(summary, prediction, request, model);
      return new PredictResult(prediction, summary, model.weights());
    }
  }

  /** An earlier prediction's {@link #FOLDERS}, removed before the folder is claimed again. */
  private static void clearEarlierFolders(Path out) {
    for (String name : FOLDERS) {
      Path dir = out.resolve(name);
      if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        RunFolder.deleteTree(dir);
      } catch (java.io.UncheckedIOException e) {
        throw VitpException.userError("Expected to replace an earlier prediction's " + dir
            + ". Received: " + e.getCause(), e);
      }
    }
  }

  /** predict.json: what predicted what, with which tiles, and every file written. */
  private void write(Path file, Prediction p, PredictRequest request, FinetunedModel model) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", p.task());
    m.put("model", request.model().toAbsolutePath().toString());
    m.put("weights", model.weights().toAbsolutePath().toString());
    m.put("images", request.images().toAbsolutePath().toString());
    m.put("predicted", p.images());
    m.put("tiles", p.tiles());
    m.put("tile", p.tile());
    m.put("overlap", p.overlap());
    m.put("classes", p.classes());
    Map<String, List<String>> files = new LinkedHashMap<>();
    p.files().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> files.put(
        e.getKey(), e.getValue().stream().map(f -> request.out().relativize(f).toString()
            .replace('\\', '/')).sorted().toList()));
    m.put("files", files);
    Map<String, Object> skipped = new LinkedHashMap<>();
    skipped.put("count", p.skips().skipped());
    skipped.put("by_reason", p.skips().byReason());
    skipped.put("first", p.skips().examples());
    m.put("skipped", skipped);
    try {
      AtomicFiles.write(file, vitp.objectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(m));
    } catch (IOException ex) {
      throw VitpException.internal("Could not write " + file + ": " + ex);
    }
  }
}
