package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.task.SkippedFiles;
import dev.vitp.spi.task.TaskBox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The truth boxes of one detection split in the original images' pixels ({@link
 * Datasets#groundTruth}), for scoring detections made elsewhere.
 *
 * @param format the format it was read as, e.g. {@code coco}
 * @param classes class names, index = class id
 * @param oriented whether boxes are oriented (DOTA, DIOR-R)
 * @param images every image with its boxes, in the reader's order
 * @param cocoImages for COCO json: {@code image_id} to the image file, else null
 * @param cocoCategories for COCO json: {@code category_id} to the class name, else null
 * @param skips what was left out
 */
public record GroundTruth(String format, List<String> classes, boolean oriented,
    List<Image> images, @Nullable Map<Long, Path> cocoImages,
    @Nullable Map<Long, String> cocoCategories, SkippedFiles skips) {
  public GroundTruth {
    classes = List.copyOf(classes);
    images = List.copyOf(images);
  }

  /** One image's file and truth. */
  public record Image(Path file, List<TaskBox> boxes) {
    public Image {
      boxes = List.copyOf(boxes);
    }
  }

  /** The class id of {@code name}, exact or after {@link Item#normalise}, or -1. */
  public int classId(String name) {
    int exact = classes.indexOf(name);
    if (exact >= 0) {
      return exact;
    }
    for (int i = 0; i < classes.size(); i++) {
      if (Item.normalise(classes.get(i)).equals(Item.normalise(name))) {
        return i;
      }
    }
    return -1;
  }
}
