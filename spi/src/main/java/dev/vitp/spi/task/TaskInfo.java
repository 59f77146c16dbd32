package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import java.util.List;

/**
 * What a head needs to know about its data before it is built.
 *
 * @param kind the kind of task the data was read for
 * @param classes class names, index = class id (for change detection: no-change, change)
 * @param oriented whether detection boxes are oriented (DOTA, DIOR-R): heads then predict an angle
 *     and metrics use rotated IoU
 */
public record TaskInfo(TaskKind kind, List<String> classes, boolean oriented) {
  public TaskInfo {
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw VitpException.userError("Expected at least one class. Received: classes=[]");
    }
  }

  public int numClasses() {
    return classes.size();
  }
}
