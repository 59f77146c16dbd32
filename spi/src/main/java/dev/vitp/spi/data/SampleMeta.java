package dev.vitp.spi.data;

import java.util.List;

/**
 * Per-sample metadata of a batch.
 *
 * @param id the record's id
 * @param dataset the recipe entry the record came from
 * @param source {@code file:line} of the record
 * @param position the sample's index in this epoch's order
 * @param imagePaths the images' resolved paths
 * @param images what was decoded per image and how it was augmented
 * @param grounding the record's grounding mentions after augmentation (empty when none)
 */
public record SampleMeta(String id, String dataset, String source, long position,
    List<String> imagePaths, List<ImageInfo> images, List<GroundingRef> grounding) {
  public SampleMeta {
    imagePaths = List.copyOf(imagePaths);
    images = List.copyOf(images);
    grounding = List.copyOf(grounding);
  }
}
