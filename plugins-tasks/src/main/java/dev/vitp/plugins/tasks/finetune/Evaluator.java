package dev.vitp.plugins.tasks.finetune;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.plugins.tasks.data.DatasetOptions;
import dev.vitp.plugins.tasks.data.Datasets;
import dev.vitp.plugins.tasks.data.GroundTruth;
import dev.vitp.plugins.tasks.data.SplitData;
import dev.vitp.plugins.tasks.metrics.DetectionMetrics;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.task.Evaluation;
import dev.vitp.spi.task.EvaluationJob;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskHead;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskScores;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The supervised recipe's evaluation: a fine-tuned model rebuilt and scored on a split exactly
 * as {@link Finetuner} validates it, or detections made elsewhere ({@link Predictions}) scored
 * against a split's truth with the same {@link DetectionMetrics}.
 */
public final class Evaluator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Evaluator() {}

  /** Scores {@code job}'s model (or predictions) with inference steps of {@code batch}. */
  public static Evaluation evaluate(EvaluationJob job, int batch) {
    return job.predictions() != null ? predictions(job) : model(job, batch);
  }

  private static Evaluation model(EvaluationJob job, int batch) {
    Backend backend = job.backend();
    backend.requireCapability(Capability.INFERENCE, "evaluation");
    Path weights = java.util.Objects.requireNonNull(job.weights());
    try (BackendSession session = backend.newSession(job.seed());
        SafeTensorsFile file = SafeTensorsFile.open(weights)) {
      ParameterScope root = ParameterScope.root(session, job.seed());
      Backbone backbone = job.backbone().build(root);
      SplitData data = Datasets.openSplit(job.data().path(), job.split(), job.head().kind(),
          new DatasetOptions(backbone.imageSize(), job.data().format(), job.data().onBadFile(),
              Finetuner.NORMALIZATION, true, job.data().maxImagePixels()));
      requireSameClasses(file, data.info().classes(), job);
      TaskHead head = buildAndLoad(root, backbone, job.head(), data.info(), file, job.headName());
      TaskScores scores = Finetuner.evaluate(session, head, backbone, data.samples(), batch);
      return new Evaluation(job.headName(), data.format(), data.info().classes(),
          data.samples().size(), scores, data.skips());
    }
  }

  /**
   * The fine-tuned model's head built on {@code backbone} for {@code info}, and every parameter
   * of both filled strictly from {@code file} ({@link #loadStrictly}): how evaluation and
   * prediction load a model.
   */
  static TaskHead buildAndLoad(ParameterScope root, Backbone backbone, TaskHeadBuilder builder,
      TaskInfo info, SafeTensorsFile file, String task) {
    TaskHead head = builder.build(root.child("head"), backbone, info);
    List<Parameter> parameters = new ArrayList<>(backbone.parameters());
    parameters.addAll(head.parameters());
    loadStrictly(file, parameters, task);
    return head;
  }

  /** The class list a fine-tuning checkpoint records in its metadata, or null. */
  static @Nullable List<String> savedClasses(SafeTensorsFile file) {
    String saved = file.metadata().get("classes");
    if (saved == null) {
      return null;
    }
    try {
      return JSON.readValue(saved, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw VitpException.userError("Expected a JSON class list in the metadata of "
          + file.file() + ". Received: " + saved);
    }
  }

  /**
   * The model's class list (a fine-tuning checkpoint records it) must be the data's: the head's
   * outputs are class ids, which mean nothing against another list.
   */
  private static void requireSameClasses(SafeTensorsFile file, List<String> classes,
      EvaluationJob job) {
    List<String> modelClasses = savedClasses(file);
    if (modelClasses == null) {
      return;
    }
    if (!modelClasses.equals(classes)) {
      throw VitpException.userError("Expected the data's classes to be the model's. Received: "
          + "model " + file.file() + " has " + modelClasses + ", " + job.data().path() + "/"
          + job.split() + " has " + classes);
    }
  }

  /**
   * Fills every parameter from {@code file}, which must hold exactly those tensors, with their
   * shapes: a tensor missing, left over or of another shape means the file is not this model.
   */
  static void loadStrictly(SafeTensorsFile file, List<Parameter> parameters, String task) {
    TreeSet<String> unexpected = new TreeSet<>(file.names());
    List<String> missing = new ArrayList<>();
    List<String> wrongShape = new ArrayList<>();
    for (Parameter p : parameters) {
      if (!file.contains(p.name())) {
        missing.add(p.name());
        continue;
      }
      unexpected.remove(p.name());
      if (!file.entry(p.name()).shape().equals(p.shape())) {
        wrongShape.add(p.name() + " " + file.entry(p.name()).shape() + " (model " + p.shape()
            + ")");
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
      throw VitpException.userError("Expected the weights of the fine-tuned backbone + " + task
          + " head that the run's config builds. Received: " + file.file() + " with missing="
          + first(missing) + ", unexpected=" + first(new ArrayList<>(unexpected))
          + ", wrong shape=" + first(wrongShape));
    }
    for (Parameter p : parameters) {
      p.write(file.floats(p.name()));
    }
  }

  private static String first(List<String> names) {
    return names.size() <= 6 ? names.toString()
        : names.subList(0, 6) + " and " + (names.size() - 6) + " more";
  }

  private static Evaluation predictions(EvaluationJob job) {
    if (job.head().kind() != TaskKind.DETECTION) {
      throw VitpException.userError("Expected --predictions with the detection task. Received: "
          + "task " + job.headName());
    }
    GroundTruth truth = Datasets.groundTruth(job.data().path(), job.split(),
        job.data().format(), job.data().onBadFile());
    Path source = java.util.Objects.requireNonNull(job.predictions());
    Map<Path, List<TaskBox>> detections = Predictions.read(source, truth);
    DetectionMetrics metrics = new DetectionMetrics(truth.classes(), truth.oriented());
    for (GroundTruth.Image image : Predictions.inScoringOrder(truth)) {
      metrics.addImage(image.boxes(), detections.getOrDefault(image.file(), List.of()));
    }
    return new Evaluation(job.headName(), truth.format(), truth.classes(),
        truth.images().size(), metrics.compute(), truth.skips());
  }
}
