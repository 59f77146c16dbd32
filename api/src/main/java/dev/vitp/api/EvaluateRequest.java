package dev.vitp.api;

import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Vitp#evaluate} scores, and where it writes {@code metrics.json}. Build with {@link
 * #model} or {@link #predictions}.
 *
 * @param model a {@code vitp finetune} output folder, or a weights file of one (e.g. its {@code
 *     best.safetensors}) beside its {@code finetune.json}; null when {@code predictions} are
 *     scored
 * @param predictions detections made elsewhere (a COCO results json, or a folder of DOTA {@code
 *     Task1_<class>.txt} files), scored against {@code data}; null when a model is
 * @param task the task's name; with a model, the run's (a different one is refused), with
 *     predictions {@code detection} when null
 * @param data the labelled dataset folder; with a model, null means the run's own data
 * @param split the folder under {@code data} that is scored ({@code val})
 * @param format the dataset format, or null for the run's (with a model) or detection
 * @param backend where the model runs, or null for the backend the run trained on
 * @param out the output folder
 * @param overwrite replace an earlier evaluation's {@code metrics.json} in {@code out}
 */
public record EvaluateRequest(@Nullable Path model, @Nullable Path predictions,
    @Nullable String task, @Nullable Path data, String split, @Nullable String format,
    @Nullable BackendConfig backend, Path out, boolean overwrite) {
  public EvaluateRequest {
    if ((model == null) == (predictions == null)) {
      throw VitpException.userError("Expected either a model (--model) or predictions "
          + "(--predictions) to evaluate. Received: " + (model == null ? "neither" : "both"));
    }
    if (predictions != null && data == null) {
      throw VitpException.userError("Expected the dataset (--data) that predictions are scored "
          + "against. Received: none");
    }
    if (split.isBlank() || split.contains("/") || split.contains("\\") || split.equals("..")) {
      throw VitpException.userError("Expected a split folder name such as val. Received: split="
          + split);
    }
  }

  /** Scores the fine-tuned model {@code model} on {@code data}'s {@code val/}. */
  public static EvaluateRequest model(Path model, @Nullable Path data, Path out) {
    return new EvaluateRequest(model, null, null, data, "val", null, null, out, false);
  }

  /** Scores detections {@code predictions} against {@code data}'s {@code val/}. */
  public static EvaluateRequest predictions(Path predictions, Path data, Path out) {
    return new EvaluateRequest(null, predictions, null, data, "val", null, null, out, false);
  }

  public EvaluateRequest withSplit(String name) {
    return new EvaluateRequest(model, predictions, task, data, name, format, backend, out,
        overwrite);
  }

  public EvaluateRequest withTask(@Nullable String name) {
    return new EvaluateRequest(model, predictions, name, data, split, format, backend, out,
        overwrite);
  }

  public EvaluateRequest withFormat(@Nullable String name) {
    return new EvaluateRequest(model, predictions, task, data, split, name, backend, out,
        overwrite);
  }

  public EvaluateRequest withBackend(@Nullable BackendConfig config) {
    return new EvaluateRequest(model, predictions, task, data, split, format, config, out,
        overwrite);
  }

  public EvaluateRequest withOverwrite(boolean value) {
    return new EvaluateRequest(model, predictions, task, data, split, format, backend, out,
        value);
  }
}
