package dev.vitp.plugins.tasks;

import dev.vitp.plugins.tasks.corruption.BrightnessContrast;
import dev.vitp.plugins.tasks.corruption.Cloud;
import dev.vitp.plugins.tasks.corruption.DataGaps;
import dev.vitp.plugins.tasks.corruption.GaussianBlur;
import dev.vitp.plugins.tasks.corruption.GaussianNoise;
import dev.vitp.plugins.tasks.corruption.Haze;
import dev.vitp.plugins.tasks.corruption.Jpeg;
import dev.vitp.plugins.tasks.corruption.MotionBlur;
import dev.vitp.plugins.tasks.corruption.Rotation;
import dev.vitp.plugins.tasks.corruption.SaltAndPepper;
import dev.vitp.plugins.tasks.corruption.Scale;
import dev.vitp.plugins.tasks.corruption.Translation;
import dev.vitp.plugins.tasks.finetune.Evaluator;
import dev.vitp.plugins.tasks.finetune.Finetuner;
import dev.vitp.plugins.tasks.finetune.Predictor;
import dev.vitp.plugins.tasks.finetune.SupervisedRecipeConfig;
import dev.vitp.plugins.tasks.heads.ChangeDetectionHeadConfig;
import dev.vitp.plugins.tasks.heads.ClassificationHeadConfig;
import dev.vitp.plugins.tasks.heads.DetectionHeadConfig;
import dev.vitp.plugins.tasks.heads.Heads;
import dev.vitp.plugins.tasks.heads.SegmentationHeadConfig;
import dev.vitp.spi.CorruptionFactory;
import dev.vitp.spi.FinetuneRecipeFactory;
import dev.vitp.spi.TaskHeadFactory;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.task.EpochRecord;
import dev.vitp.spi.task.Evaluation;
import dev.vitp.spi.task.EvaluationJob;
import dev.vitp.spi.task.FinetuneJob;
import dev.vitp.spi.task.FinetuneListener;
import dev.vitp.spi.task.FinetuneRecipe;
import dev.vitp.spi.task.FinetuneResult;
import dev.vitp.spi.task.Prediction;
import dev.vitp.spi.task.PredictionJob;
import java.util.List;
import java.util.function.Consumer;

/**
 * The downstream task heads of ViTP (classification, segmentation, change detection, detection),
 * its fine-tuning recipe and the twelve image corruptions of its robustness table.
 */
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
        config -> new FinetuneRecipe() {
          @Override
          public FinetuneResult run(FinetuneJob job, Consumer<EpochRecord> onEpoch) {
            return run(job, FinetuneListener.ofEpochs(onEpoch));
          }

          @Override
          public FinetuneResult run(FinetuneJob job, FinetuneListener listener) {
            return Finetuner.run(job.backend(), job.backbone(), job.head(),
                config.options(job), job.robustness(), listener);
          }

          @Override
          public Evaluation evaluate(EvaluationJob job) {
            return Evaluator.evaluate(job, config.batch());
          }

          @Override
          public Prediction predict(PredictionJob job) {
            return Predictor.predict(job, config.batch());
          }
        },
        "AdamW, warmup + cosine, layer-wise lr decay; optional linear probe or LP-FT"));
  }

  @Override
  public List<CorruptionFactory> corruptions() {
    return List.of(
        CorruptionFactory.of("brightness-contrast", BrightnessContrast.Config.class,
            c -> new BrightnessContrast(),
            "contrast x(1 +/- 0.15 s) around the band mean and brightness +/- 0.06 s"),
        CorruptionFactory.of("cloud", Cloud.Config.class, c -> new Cloud(),
            "seeded soft-edged white clouds covering 10, 20, 30, 45, 60 % of the scene"),
        CorruptionFactory.of("jpeg", Jpeg.Config.class, c -> new Jpeg(),
            "ImageIO JPEG round trip at quality 80, 60, 40, 25, 10"),
        CorruptionFactory.of("data-gaps", DataGaps.Config.class, c -> new DataGaps(),
            "seeded stripes and blocks of zeros over 4, 8, 12, 18, 25 % of the area"),
        CorruptionFactory.of("gaussian-blur", GaussianBlur.Config.class, c -> new GaussianBlur(),
            "separable Gaussian blur, sigma 0.5, 0.8, 1.1, 1.5, 2.0 px"),
        CorruptionFactory.of("gaussian-noise", GaussianNoise.Config.class,
            c -> new GaussianNoise(),
            "additive Gaussian noise per pixel and band, sigma 0.04, 0.08, 0.12, 0.18, 0.26"),
        CorruptionFactory.of("haze", Haze.Config.class, c -> new Haze(),
            "blend toward a bright airlight, transmission about 1 - 0.12 s with a seeded gradient"),
        CorruptionFactory.of("motion-blur", MotionBlur.Config.class, c -> new MotionBlur(),
            "centred line blur of 3, 5, 7, 9, 11 px at a seeded angle"),
        CorruptionFactory.of("rotation", Rotation.Config.class, c -> new Rotation(),
            "rotation about the centre by +/- 5, 10, 15, 25, 35 degrees, edge clamped"),
        CorruptionFactory.of("salt-and-pepper", SaltAndPepper.Config.class,
            c -> new SaltAndPepper(),
            "1, 3, 5, 8, 12 % of the pixels set to black or white in every band"),
        CorruptionFactory.of("scale", Scale.Config.class, c -> new Scale(),
            "zoom about the centre by 1 +/- 0.05 s, edge clamped"),
        CorruptionFactory.of("translation", Translation.Config.class, c -> new Translation(),
            "shift in a seeded direction by 2, 4, 6, 9, 12 % of the size, edge clamped"));
  }
}
