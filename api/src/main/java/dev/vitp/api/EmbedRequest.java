package dev.vitp.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.BackboneConfig;
import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import java.nio.file.Path;

/**
 * What {@link Vitp#embed} computes: the backbone's features of every image under {@code images}
 * (recursively; links leading outside are ignored), {@code batch} at a time, on {@code backend}.
 * An image that cannot be decoded, or is over {@code maxImagePixels} ({@link ImageLimits}), is
 * skipped and named in the result.
 */
public record EmbedRequest(BackendConfig backend, BackboneConfig backbone, Path images,
    Pooling pool, int batch, long maxImagePixels) {
  /** How a ViT's tokens become an image's features. */
  public enum Pooling {
    /** The CLS token. */
    @JsonProperty("cls") CLS,
    /** The mean of the patch tokens. */
    @JsonProperty("mean") MEAN,
    /** Every token, CLS first. */
    @JsonProperty("none") NONE
  }

  public EmbedRequest {
    if (batch < 1) {
      throw VitpException.userError("Expected batch >= 1. Received: batch=" + batch);
    }
    ImageLimits.require(maxImagePixels);
  }

  /** A request within the default decoding bound. */
  public EmbedRequest(BackendConfig backend, BackboneConfig backbone, Path images, Pooling pool,
      int batch) {
    this(backend, backbone, images, pool, batch, ImageLimits.DEFAULT_MAX_PIXELS);
  }
}
