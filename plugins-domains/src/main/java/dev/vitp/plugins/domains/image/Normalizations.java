package dev.vitp.plugins.domains.image;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.ValueScaling;
import java.util.Map;

/** The named normalisation presets a source config may select. */
public final class Normalizations {
  /** InternVL's default: RGB / 255, ImageNet mean/std, gray replicated. */
  public static final ImageNormalization INTERNVL = ImageNormalization.internVl();

  /**
   * Remote sensing: optical RGB as InternVL (ViTP continues InternVL's pretraining); SAR and other
   * single-band images with their own statistics (measured on the synthetic SAR set).
   */
  public static final ImageNormalization REMOTE_SENSING =
      ImageNormalization.internVl().withName("remote-sensing").withGray(0.275f, 0.151f);

  /**
   * Medical: each image's intensity range stretched to [0, 1] (CT, MRI and X-ray have no shared
   * scale), then single-band statistics (measured on the synthetic medical set).
   */
  public static final ImageNormalization MEDICAL = ImageNormalization.internVl()
      .withName("medical").withScaling(ValueScaling.MIN_MAX).withGray(0.31f, 0.32f);

  private static final Map<String, ImageNormalization> BY_NAME = Map.of(
      "internvl", INTERNVL, "remote-sensing", REMOTE_SENSING, "medical", MEDICAL);

  private Normalizations() {}

  public static ImageNormalization named(String name) {
    ImageNormalization n = BY_NAME.get(name);
    if (n == null) {
      throw VitpException.userError("Unknown normalization [" + name + "]; known options "
          + new java.util.TreeSet<>(BY_NAME.keySet()));
    }
    return n;
  }
}
