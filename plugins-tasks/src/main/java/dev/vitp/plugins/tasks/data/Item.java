package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.task.TaskSample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One entry a format found in a split: cheap to list, loaded later into one sample (or several:
 * a NIfTI volume gives a sample per slice). Loading throws {@link BadFile} for anything unusable.
 */
interface Item {
  /** The file reports name (the image, or the annotation that names it). */
  Path file();

  /** Class names the item's annotations use (classification, detection); empty otherwise. */
  List<String> classNames();

  List<TaskSample> load(Context context);

  /**
   * @param options the read options
   * @param classIndex class name → id, for formats whose annotations name classes
   * @param keepFull whether masks are kept at full resolution too (validation)
   * @param id the sample id prefix ({@code train/…}, {@code val/…})
   */
  /**
   * A class name as matched when the exact name is not found: lower case, runs of spaces,
   * underscores and hyphens as one hyphen (DOTA writes {@code storage-tank} for {@code storage
   * tank}).
   */
  static String normalise(String name) {
    return name.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s_-]+", "-");
  }

  record Context(DatasetOptions options, Map<String, Integer> classIndex, boolean keepFull,
      String id) {
    int size() {
      return options.imageSize();
    }

    long maxPixels() {
      return options.maxImagePixels();
    }

    int classId(Path file, String name) {
      Integer id = classIndex.get(name);
      if (id == null) {
        id = classIndex.get(normalise(name));
      }
      if (id == null) {
        throw new BadFile(file, BadFile.UNKNOWN_CLASS, "class '" + name + "' is not among "
            + classIndex.keySet());
      }
      return id;
    }
  }
}
