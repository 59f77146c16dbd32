package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A box of class {@code cls}: the horizontal extent {@code x1 ≤ x2, y1 ≤ y2} and, for oriented
 * boxes, the four corners {@code polygon = [x1, y1, …, x4, y4]} (whose horizontal extent is the
 * box). Predictions carry a {@code score}; truth may be {@code difficult} (ignored by metrics,
 * as DOTA's and VOC's evaluations do). Coordinates are pixels of the image it belongs to.
 */
public record TaskBox(int cls, float x1, float y1, float x2, float y2, float score,
    float @Nullable [] polygon, boolean difficult) {
  public TaskBox {
    if (cls < 0 || !(x1 <= x2) || !(y1 <= y2) || !Float.isFinite(x1 + y1 + x2 + y2)) {
      throw VitpException.userError("Expected a class >= 0 and a box with x1 <= x2, y1 <= y2. "
          + "Received: cls=" + cls + ", box=[" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
    }
    if (polygon != null) {
      if (polygon.length != 8) {
        throw VitpException.userError("Expected 8 polygon coordinates (4 corners). Received: "
            + "polygon=" + Arrays.toString(polygon));
      }
      polygon = polygon.clone();
    }
  }

  /** A horizontal truth box. */
  public static TaskBox of(int cls, float x1, float y1, float x2, float y2) {
    return new TaskBox(cls, x1, y1, x2, y2, 1f, null, false);
  }

  /** An oriented truth box from its four corners; its horizontal extent is computed. */
  public static TaskBox oriented(int cls, float[] corners, boolean difficult) {
    if (corners.length != 8) {
      throw VitpException.userError("Expected 8 polygon coordinates (4 corners). Received: "
          + "polygon=" + Arrays.toString(corners));
    }
    float x1 = Float.POSITIVE_INFINITY;
    float y1 = Float.POSITIVE_INFINITY;
    float x2 = Float.NEGATIVE_INFINITY;
    float y2 = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < 8; i += 2) {
      x1 = Math.min(x1, corners[i]);
      x2 = Math.max(x2, corners[i]);
      y1 = Math.min(y1, corners[i + 1]);
      y2 = Math.max(y2, corners[i + 1]);
    }
    return new TaskBox(cls, x1, y1, x2, y2, 1f, corners, difficult);
  }

  public boolean isOriented() {
    return polygon != null;
  }

  public float width() {
    return x2 - x1;
  }

  public float height() {
    return y2 - y1;
  }

  /** The corners (a copy), or null for a horizontal box. */
  @Override
  public float @Nullable [] polygon() {
    return polygon == null ? null : polygon.clone();
  }

  /** The corners of either kind: the polygon, or the horizontal box clockwise from top-left. */
  public float[] corners() {
    return polygon != null ? polygon.clone() : new float[] {x1, y1, x2, y1, x2, y2, x1, y2};
  }

  public TaskBox withScore(float newScore) {
    return new TaskBox(cls, x1, y1, x2, y2, newScore, polygon, difficult);
  }

  public TaskBox withDifficult(boolean isDifficult) {
    return new TaskBox(cls, x1, y1, x2, y2, score, polygon, isDifficult);
  }

  /** This box with x multiplied by {@code sx} and y by {@code sy}. */
  public TaskBox scaled(float sx, float sy) {
    float[] p = null;
    if (polygon != null) {
      p = polygon.clone();
      for (int i = 0; i < 8; i += 2) {
        p[i] *= sx;
        p[i + 1] *= sy;
      }
    }
    return new TaskBox(cls, x1 * sx, y1 * sy, x2 * sx, y2 * sy, score, p, difficult);
  }

  /** This box mirrored left-right in an image {@code imageWidth} wide. */
  public TaskBox flippedHorizontally(float imageWidth) {
    float[] p = null;
    if (polygon != null) {
      // Mirroring reverses the corner order; keep it so the winding stays the same.
      p = new float[8];
      for (int i = 0; i < 4; i++) {
        int j = 3 - i;
        p[2 * i] = imageWidth - polygon[2 * j];
        p[2 * i + 1] = polygon[2 * j + 1];
      }
    }
    return new TaskBox(cls, imageWidth - x2, y1, imageWidth - x1, y2, score, p, difficult);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TaskBox b && cls == b.cls && x1 == b.x1 && y1 == b.y1 && x2 == b.x2
        && y2 == b.y2 && score == b.score && difficult == b.difficult
        && Arrays.equals(polygon, b.polygon);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(cls, x1, y1, x2, y2, score, difficult)
        * 31 + Arrays.hashCode(polygon);
  }

  @Override
  public String toString() {
    return "TaskBox[cls=" + cls + ", " + x1 + ", " + y1 + ", " + x2 + ", " + y2
        + (score != 1f ? ", score=" + score : "") + (difficult ? ", difficult" : "")
        + (polygon != null ? ", polygon=" + Arrays.toString(polygon) : "") + "]";
  }
}
