package dev.vitp.spi.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link FinetuneRecipe#predict} did.
 *
 * @param task the task's name
 * @param classes class names, index = class id
 * @param images how many images (change detection: pairs) were predicted
 * @param tiles how many model inputs they took (more than {@code images} where scenes were tiled)
 * @param tile the tile side used, in image pixels
 * @param overlap the tiles' overlap
 * @param files what was written, by kind (e.g. {@code masks}, {@code overlays}, {@code coco}),
 *     each a list of paths under the output folder
 * @param skips the images left out, named
 */
public record Prediction(String task, List<String> classes, int images, long tiles, int tile,
    double overlap, Map<String, List<Path>> files, SkippedFiles skips) {
  public Prediction {
    classes = List.copyOf(classes);
    files = Map.copyOf(files);
  }
}
