package dev.vitp.plugins.domains.instruct;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Augmentations that keep a record's answers true: a left-right flip (boxes mirrored; never on a
 * record whose text speaks of left/right/east/west) and a random crop (only on records with
 * boxes, always containing every box; boxes re-expressed in the crop). Records with several
 * images are not augmented.
 *
 * @param hflip probability of a flip
 * @param crop probability of a crop
 * @param minCropScale the smallest crop side as a fraction of the image side
 */
public record Augmentation(double hflip, double crop, double minCropScale) {
  public static final Augmentation NONE = new Augmentation(0, 0, 0.6);

  public Augmentation {
    if (!(hflip >= 0 && hflip <= 1) || !(crop >= 0 && crop <= 1)
        || !(minCropScale > 0 && minCropScale <= 1)) {
      throw VitpException.userError("Expected hflip and crop in [0, 1] and minCropScale in (0, 1]. "
          + "Received: hflip=" + hflip + " crop=" + crop + " minCropScale=" + minCropScale);
    }
  }

  @JsonCreator
  static Augmentation fromJson(@JsonProperty("hflip") @Nullable Double hflip,
      @JsonProperty("crop") @Nullable Double crop,
      @JsonProperty("minCropScale") @Nullable Double minCropScale) {
    return new Augmentation(hflip == null ? 0 : hflip, crop == null ? 0 : crop,
        minCropScale == null ? 0.6 : minCropScale);
  }

  public boolean any() {
    return hflip > 0 || crop > 0;
  }
}
