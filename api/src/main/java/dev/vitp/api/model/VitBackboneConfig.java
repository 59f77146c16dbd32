package dev.vitp.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.BackboneConfig;
import dev.vitp.spi.model.BackboneBuilder;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Config of the built-in {@code vit} backbone. JSON: {@code {"type": "vit", "source":
 * "backbone.safetensors", "imageSize": 64}}; {@code "source": "random"} initialises the {@code
 * preset}'s ViT from scratch. A source may be our export, an InternViT/HuggingFace folder or a bare
 * InternViT safetensors file; {@code imageSize}/{@code patchSize} resize it on load.
 */
public record VitBackboneConfig(String source, String preset, @Nullable Integer imageSize,
    @Nullable Integer patchSize, @Nullable Float dropPathRate) implements BackboneConfig {
  public static final String RANDOM = "random";

  /** Random init of the nano preset. */
  public VitBackboneConfig() {
    this(RANDOM, "nano", null, null, null);
  }

  @JsonCreator
  static VitBackboneConfig fromJson(@JsonProperty("source") @Nullable String source,
      @JsonProperty("preset") @Nullable String preset,
      @JsonProperty("imageSize") @Nullable Integer imageSize,
      @JsonProperty("patchSize") @Nullable Integer patchSize,
      @JsonProperty("dropPathRate") @Nullable Float dropPathRate) {
    return new VitBackboneConfig(source == null ? RANDOM : source, preset == null ? "nano" : preset,
        imageSize, patchSize, dropPathRate);
  }

  /** The ViT spec this config builds, given the spec of its source (or the preset's). */
  VitSpec target(VitSpec base) {
    VitSpec spec = patchSize == null ? base : base.withPatchSize(patchSize);
    spec = imageSize == null ? spec : spec.withImageSize(imageSize);
    return dropPathRate == null ? spec : spec.withDropPathRate(dropPathRate);
  }

  /** What the {@code vit} factory returns: builds the backbone into a session on demand. */
  public BackboneBuilder builder() {
    if (source.equals(RANDOM)) {
      VitSpec spec = target(Presets.get(preset).vit());
      return scope -> new VisionTransformer(scope, spec);
    }
    Backbones.Loaded loaded = new Backbones(new ObjectMapper()).load(Path.of(source));
    VitSpec spec = target(loaded.spec());
    return scope -> Backbones.instantiate(loaded, spec, scope);
  }
}
