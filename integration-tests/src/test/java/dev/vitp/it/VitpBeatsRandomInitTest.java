package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's claim in miniature, on the demo's data and recipe without its second pretraining run
 * and its change-detection stage: a nano ViT pretrained with VRL on the synthetic remote-sensing
 * instructions beats the same ViT from random init when classification and segmentation are
 * fine-tuned on 80 labels, each scored once after its last epoch. Its budget is smaller: 600
 * pretraining steps, where the demo takes 800. Every stage is seeded, so the scores repeat run to
 * run; the margins asserted are well under those measured at this budget (classification +0.155,
 * segmentation +0.025 at seed 42). About four minutes on 2 cores, most of it pretraining.
 */
@Tag("slow")
class VitpBeatsRandomInitTest {
  private static final double CLASSIFICATION_MARGIN = 0.06;
  private static final double SEGMENTATION_MARGIN = 0.008;

  @TempDir Path dir;

  @Test
  void pretrainedBackboneBeatsRandomInitOnClassificationAndSegmentation() throws IOException {
    Path data = dir.resolve("data");
    cli("generate", "--out", data.toString(), "--samples", "4000", "--downstream-samples", "1000",
        "--seed", "42");
    Path run = dir.resolve("pretrain");
    cli("pretrain", "--recipe", data.resolve("recipe.json").toString(), "--preset", "nano",
        "--steps", "600", "--batch", "16", "--drop-ratio", "0.75", "--seed", "42",
        "--checkpoint-every", "0", "--out", run.toString());
    Path backbone = dir.resolve("vitp.safetensors");
    cli("export-backbone", "--run", run.toString(), "--out", backbone.toString());

    double classification = margin(data, "classification", "scene-classification", "accuracy",
        backbone);
    double segmentation = margin(data, "segmentation", "land-cover-segmentation", "miou",
        backbone);
    assertTrue(classification >= CLASSIFICATION_MARGIN,
        "classification accuracy, ViTP minus random init: " + classification);
    assertTrue(segmentation >= SEGMENTATION_MARGIN,
        "segmentation mIoU, ViTP minus random init: " + segmentation);
  }

  /** The validation score from the ViTP backbone minus the one from random init. */
  private double margin(Path data, String task, String folder, String metric, Path backbone)
      throws IOException {
    return finetune(data, task, folder, metric, backbone.toString())
        - finetune(data, task, folder, metric, "random");
  }

  private double finetune(Path data, String task, String folder, String metric, String backbone)
      throws IOException {
    Path out = dir.resolve(task + "-" + (backbone.equals("random") ? "random" : "vitp"));
    cli("finetune", "--task", task, "--data", data.resolve("downstream").resolve(folder).toString(),
        "--backbone", backbone, "--fraction", "0.1", "--epochs", "8", "--val-every", "8", "--seed",
        "42", "--out", out.toString());
    return new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).path("val")
        .path(metric).asDouble(Double.NaN);
  }

  private static void cli(String... args) {
    InProcessCli.ok(args);
  }
}
