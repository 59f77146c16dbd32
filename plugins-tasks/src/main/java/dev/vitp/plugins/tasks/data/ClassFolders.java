package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.image.DecodedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scene classification as ImageNet-style class folders: {@code split/<class>/<image>} (UC Merced,
 * AID, NWPU-RESISC45, EuroSAT RGB …). Class names are the folder names.
 */
final class ClassFolders implements DatasetFormat {
  @Override
  public String name() {
    return "class-folders";
  }

  @Override
  public TaskKind kind() {
    return TaskKind.CLASSIFICATION;
  }

  @Override
  public String description() {
    return "split/<class>/<image> (UC Merced, AID, NWPU-RESISC45 style)";
  }

  @Override
  public boolean detect(Path split) {
    for (Path dir : Pixels.folders(split)) {
      for (Path f : Pixels.files(dir)) {
        if (Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(f))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public List<Item> scan(Path split, SkipLog<String> skips) {
    List<Item> items = new ArrayList<>();
    for (Path dir : Pixels.folders(split)) {
      String cls = dir.getFileName().toString();
      for (Path f : Pixels.files(dir)) {
        if (Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(f))) {
          items.add(new Entry(f, cls));
        }
      }
    }
    return items;
  }

  private record Entry(Path file, String cls) implements Item {
    @Override
    public List<String> classNames() {
      return List.of(cls);
    }

    @Override
    public List<TaskSample> load(Context c) {
      int label = c.classId(file, cls);
      DecodedImage img = Pixels.decode(file, c.maxPixels());
      float[] planes = Pixels.normalised(img, c.size(), c.options().normalization());
      return List.of(new TaskSample(c.id(), c.size(), List.of(planes), label, null, List.of(),
          img.width(), img.height(), null));
    }
  }
}
