package dev.vitp.plugins.domains.instruct;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.InstructionSourceConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code image-folder} instruction source, images without text (for objectives such
 * as {@code mae}):
 * <pre>{"type": "image-folder", "root": "/data/tiles", "badRecords": "skip", "maxReported": 20,
 *  "normalization": "remote-sensing", "augment": {"hflip": 0.5}}</pre>
 *
 * @param root the folder whose image files (png, jpg/jpeg, tif/tiff, bmp; searched recursively,
 *     hidden files and folders left out) are the records
 * @param badRecords {@code skip} (default) or {@code fail}, for images that cannot be decoded
 * @param maxReported how many skips are kept as {@code path: reason} examples
 * @param normalization {@code internvl} (default: ImageNet statistics), or a domain's name
 * @param augment augmentations applied by the batch loader (none by default); only {@code hflip}
 *     applies, since crops are taken around grounding boxes and folder images have none
 */
public record ImageFolderConfig(String root, BadRecordPolicy badRecords, int maxReported,
    String normalization, Augmentation augment) implements InstructionSourceConfig {
  public ImageFolderConfig {
    if (root.isBlank()) {
      throw VitpException.userError("Expected an image folder for image-folder. Received: root=''");
    }
    if (maxReported < 0) {
      throw VitpException.userError("Expected maxReported >= 0. Received: maxReported=" + maxReported);
    }
    if (augment.crop() > 0) {
      throw VitpException.userError("Expected augment.crop = 0 for image-folder: crops are taken "
          + "around grounding boxes and folder images have none. Received: crop=" + augment.crop());
    }
  }

  /** The defaults for everything but the root. */
  public static ImageFolderConfig of(String root) {
    return new ImageFolderConfig(root, BadRecordPolicy.SKIP, InternVlJsonlConfig.DEFAULT_REPORTED,
        "internvl", Augmentation.NONE);
  }

  @JsonCreator
  static ImageFolderConfig fromJson(@JsonProperty("root") @Nullable String root,
      @JsonProperty("badRecords") @Nullable BadRecordPolicy badRecords,
      @JsonProperty("maxReported") @Nullable Integer maxReported,
      @JsonProperty("normalization") @Nullable String normalization,
      @JsonProperty("augment") @Nullable Augmentation augment) {
    if (root == null) {
      throw VitpException.userError("Expected \"root\" in the image-folder config. Received: none");
    }
    return new ImageFolderConfig(root, badRecords == null ? BadRecordPolicy.SKIP : badRecords,
        maxReported == null ? InternVlJsonlConfig.DEFAULT_REPORTED : maxReported,
        normalization == null ? "internvl" : normalization,
        augment == null ? Augmentation.NONE : augment);
  }

  public ImageFolderConfig withPolicy(BadRecordPolicy p) {
    return new ImageFolderConfig(root, p, maxReported, normalization, augment);
  }

  public ImageFolderConfig withMaxReported(int n) {
    return new ImageFolderConfig(root, badRecords, n, normalization, augment);
  }

  public ImageFolderConfig withNormalization(String n) {
    return new ImageFolderConfig(root, badRecords, maxReported, n, augment);
  }

  public ImageFolderConfig withAugment(Augmentation a) {
    return new ImageFolderConfig(root, badRecords, maxReported, normalization, a);
  }
}
