package dev.vitp.spi.task;

import java.util.Locale;

/** What a head learns, and therefore which annotations its samples carry. */
public enum TaskKind {
  /** One label per image. */
  CLASSIFICATION,
  /** A class id per pixel. */
  SEGMENTATION,
  /** Two co-registered images (dates A and B) and a per-pixel change mask. */
  CHANGE_DETECTION,
  /** Boxes, horizontal or oriented, each with a class. */
  DETECTION;

  /** The lower-case name with dashes, e.g. {@code change-detection}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
