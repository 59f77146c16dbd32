package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.task.TaskKind;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A downstream on-disk layout: how to recognise a split folder and list its entries. */
interface DatasetFormat {
  /** The name {@code --format} selects it by, e.g. {@code dota-v2}. */
  String name();

  TaskKind kind();

  /** Whether {@code split} (e.g. {@code data/train}) looks like this format. */
  boolean detect(Path split);

  /**
   * Whether detection without {@code --format} picks this format for {@code split}: named
   * benchmark variants (e.g. {@code isaid}) only answer to their name unless their folders are
   * unmistakable (LoveDA's {@code masks_png}).
   */
  default boolean autoDetect(Path split) {
    return detect(split);
  }

  /** Lists the entries of a split; {@code skips} receives files that cannot even be listed. */
  List<Item> scan(Path split, SkipLog<String> skips);

  /** The fixed class list of a named benchmark format, or null when the data decides. */
  default @Nullable List<String> classes() {
    return null;
  }

  /**
   * Classes a split's own files declare in order (COCO's categories), or null. Used when the format
   * has no fixed list, before any class-list file and before the names found in annotations.
   */
  default @Nullable List<String> declaredClasses(Path split) {
    return null;
  }

  /** Whether boxes are oriented (DOTA, DIOR-R). */
  default boolean oriented() {
    return false;
  }

  /** One line for help and errors. */
  String description();
}
