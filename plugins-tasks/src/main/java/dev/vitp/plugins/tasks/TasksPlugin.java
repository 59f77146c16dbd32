package dev.vitp.plugins.tasks;

import dev.vitp.plugins.tasks.heads.ChangeDetectionHeadConfig;
import dev.vitp.plugins.tasks.heads.ClassificationHeadConfig;
import dev.vitp.plugins.tasks.heads.DetectionHeadConfig;
import dev.vitp.plugins.tasks.heads.Heads;
import dev.vitp.plugins.tasks.heads.SegmentationHeadConfig;
import dev.vitp.spi.FinetuneRecipeFactory;
import dev.vitp.spi.TaskHeadFactory;
import dev.vitp.plugins.tasks.finetune.Finetuner;
import dev.vitp.plugins.tasks.finetune.SupervisedRecipeConfig;
import dev.vitp.spi.VitpPlugin;
import java.util.List;

/** The downstream task heads of ViTP: classification, segmentation, change detection, detection. */
public final class TasksPlugin implements VitpPlugin {
  @Override
  public String id() {
    return "tasks";
  }

  @Override
  public List<TaskHeadFactory> taskHeads() {
    return List.of(
        TaskHeadFactory.of("classification", ClassificationHeadConfig.class, Heads::classification,
            "CLS or mean-pooled tokens -> linear; top-1 and per-class accuracy"),
        TaskHeadFactory.of("segmentation", SegmentationHeadConfig.class, Heads::segmentation,
            "multi-block ViT features -> multi-scale neck -> per-pixel classifier; mIoU"),
        TaskHeadFactory.of("change-detection", ChangeDetectionHeadConfig.class,
            Heads::changeDetection,
            "Siamese ViT, fused difference + concatenation -> segmentation head; change F1/IoU"),
        TaskHeadFactory.of("detection", DetectionHeadConfig.class, Heads::detection,
            "CenterNet-style anchor-free head on a ViT feature pyramid, per-class NMS; COCO AP"));
  }

  @Override
  public List<FinetuneRecipeFactory> finetuneRecipes() {
    return List.of(FinetuneRecipeFactory.of("supervised", SupervisedRecipeConfig.class,
        config -> (job, onEpoch) -> Finetuner.run(job.backend(), job.backbone(), job.head(),
            config.options(job), job.robustness(), onEpoch),
        "AdamW, warmup + cosine, layer-wise lr decay; optional linear probe or LP-FT"));
  }
}
