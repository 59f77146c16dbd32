package dev.vitp.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.train.RunFolder;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.task.Evaluation;
import dev.vitp.spi.task.EvaluationJob;
import dev.vitp.spi.task.FinetuneRecipe;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The work behind {@link Vitp#evaluate}: a fine-tuning run's model rebuilt from its saved {@code
 * finetune.json} (backbone, head, recipe, data options) and scored by that recipe's evaluation,
 * or detections scored against a dataset's truth; writes {@code metrics.json}.
 */
final class Evaluating {
  static final String METRICS_FILE = "metrics.json";

  private final Vitp vitp;

  Evaluating(Vitp vitp) {
    this.vitp = vitp;
  }

  EvaluateResult run(EvaluateRequest request) {
    Path weights = null;
    Path runFolder;
    FinetuneConfig config;
    if (request.model() != null) {
      FinetunedModel found = FinetunedModel.find(vitp, request.model(), request.task(),
          overrides(request));
      weights = found.weights();
      runFolder = found.runFolder();
      config = found.config();
    } else {
      runFolder = request.out();
      ObjectNode layer = overrides(request);
      layer.putObject("head").put("type", request.task() == null ? "detection" : request.task());
      config = vitp.finetuneConfig(layer);
    }
    Backend backend = vitp.backend(config.backend(), Capability.INFERENCE, "vitp evaluate");
    BackboneBuilder backbone = (BackboneBuilder) vitp.createForRun(ComponentKind.BACKBONE,
        config.backbone(), runFolder);
    TaskHeadBuilder head = (TaskHeadBuilder) vitp.createForRun(ComponentKind.TASK_HEAD,
        config.head(), runFolder);
    FinetuneRecipe recipe = (FinetuneRecipe) vitp.createForRun(ComponentKind.FINETUNE_RECIPE,
        config.recipe(), runFolder);
    EvaluationJob job = new EvaluationJob(backend, backbone, head, headName(config),
        config.data(), request.split(), weights, request.predictions(), config.seed());
    try (RunFolder folder = RunFolder.claimNew(request.out(), "vitp evaluate",
        request.overwrite(), METRICS_FILE::equals)) {
      Evaluation evaluation = folder.run(() -> recipe.evaluate(job), name -> false);
      Path metrics = request.out().resolve(METRICS_FILE);
      write(metrics, evaluation, request, weights, config.data().path());
      return new EvaluateResult(evaluation, metrics, weights, config.data().path());
    }
  }

  private String headName(FinetuneConfig config) {
    return vitp.runtime().registry().forConfig(ComponentKind.TASK_HEAD, config.head()).name();
  }

  /** The request's data, format and backend as a config layer over the run's. */
  private ObjectNode overrides(EvaluateRequest request) {
    ObjectNode layer = vitp.objectMapper().createObjectNode();
    ObjectNode data = layer.putObject("data");
    if (request.data() != null) {
      data.put("path", request.data().toAbsolutePath().toString());
    }
    if (request.format() != null) {
      data.put("format", request.format());
    }
    if (request.backend() != null) {
      layer.set("backend", vitp.objectMapper().valueToTree(request.backend()));
    }
    return layer;
  }

  /**
   * metrics.json: the metric values first (the keys the fine-tuning's validation reports, e.g.
   * {@code ap}, {@code ap50} … for detection), then what was scored.
   */
  private void write(Path file, Evaluation e, EvaluateRequest request,
      @org.jspecify.annotations.Nullable Path weights, Path data) {
    Map<String, Object> m = new LinkedHashMap<>(e.scores().values());
    m.put("primary", e.scores().primary());
    m.put("per_class", e.scores().perClass());
    m.put("task", e.task());
    m.put("split", request.split());
    m.put("format", e.format());
    m.put("classes", e.classes());
    m.put("samples", e.samples());
    m.put("data", data.toAbsolutePath().toString());
    m.put("model", request.model() == null ? null : request.model().toAbsolutePath().toString());
    m.put("weights", weights == null ? null : weights.toAbsolutePath().toString());
    m.put("predictions", request.predictions() == null ? null
        : request.predictions().toAbsolutePath().toString());
    Map<String, Object> skipped = new LinkedHashMap<>();
    skipped.put("count", e.skips().skipped());
    skipped.put("by_reason", e.skips().byReason());
    skipped.put("first", e.skips().examples());
    m.put("skipped", skipped);
    try {
      AtomicFiles.write(file, vitp.objectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(m));
    } catch (IOException ex) {
      throw VitpException.internal("Could not write " + file + ": " + ex);
    }
  }
}
