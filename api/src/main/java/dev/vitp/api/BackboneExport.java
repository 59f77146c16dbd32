package dev.vitp.api;

import dev.vitp.api.model.VitSpec;
import java.nio.file.Path;

/**
 * A ViT exported from a pretraining run ({@link Vitp#exportBackbone}).
 *
 * @param weights the safetensors file, InternViT key names ({@code model.safetensors} of a
 *     HuggingFace folder export)
 * @param spec the JSON beside it that describes the ViT (the folder's {@code config.json})
 * @param step the checkpoint's step
 * @param vit the ViT's sizes
 */
public record BackboneExport(Path weights, Path spec, long step, VitSpec vit) {}
