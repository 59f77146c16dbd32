package dev.vitp.spi.task;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.model.BackboneBuilder;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link FinetuneRecipe} trains with, built by the runtime from a finetuning config.
 *
 * @param backend where it trains
 * @param backbone the pretrained (or random) ViT to build into the session
 * @param head the task head, whose kind decides how the data are read
 * @param headName the head's registered name, e.g. {@code segmentation} (the task's name)
 * @param data the labelled data
 * @param out the output folder (metrics, best weights)
 * @param seed every random choice of the run derives from it
 * @param backboneLabel how reports name the backbone, e.g. its file or {@code random}
 * @param robustness what the best model is also scored on after training (corrupted validation
 *     sets), or null; a recipe that cannot score it refuses the job before training
 */
public record FinetuneJob(Backend backend, BackboneBuilder backbone, TaskHeadBuilder head,
    String headName, FinetuneData data, Path out, long seed, String backboneLabel,
    @Nullable RobustnessCheck robustness) {}
