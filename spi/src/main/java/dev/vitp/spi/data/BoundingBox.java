package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;

/**
 * A horizontal box in InternVL grounding coordinates: integers in {@code [0, 1000]} relative to the
 * image ({@code 0} = left/top edge, {@code 1000} = right/bottom edge), with {@code x1 <= x2} and
 * {@code y1 <= y2}. Written as {@code [x1,y1,x2,y2]} inside {@code <box>[[…]]</box>}.
 */
public record BoundingBox(int x1, int y1, int x2, int y2) {
  /** The coordinate range's upper bound. */
  public static final int SCALE = 1000;

  public BoundingBox {
    if (x1 < 0 || y1 < 0 || x2 > SCALE || y2 > SCALE || x1 > x2 || y1 > y2) {
      throw VitpException.userError("Expected a box of integers in [0, " + SCALE
          + "] with x1<=x2 and y1<=y2. Received: box=[" + x1 + "," + y1 + "," + x2 + "," + y2
          + "]");
    }
  }

  /**
   * The box of the pixel rectangle {@code [x1, x2) × [y1, y2)} (pixel edges, exclusive end) of an
   * image {@code width × height}, rounded to the nearest grid value and clamped to the image.
   */
  public static BoundingBox fromPixelEdges(
      double x1, double y1, double x2, double y2, int width, int height) {
    return new BoundingBox(toGrid(x1, width), toGrid(y1, height), toGrid(x2, width),
        toGrid(y2, height));
  }

  private static int toGrid(double v, int size) {
    long g = Math.round(v / size * SCALE);
    return (int) Math.max(0, Math.min(SCALE, g));
  }

  /** The same box after flipping the image left-right. */
  public BoundingBox flipHorizontal() {
    return new BoundingBox(SCALE - x2, y1, SCALE - x1, y2);
  }

  /** Pixel edges {@code [x1, y1, x2, y2]} in an image {@code width × height}. */
  public double[] toPixelEdges(int width, int height) {
    return new double[] {
      x1 * (double) width / SCALE, y1 * (double) height / SCALE,
      x2 * (double) width / SCALE, y2 * (double) height / SCALE
    };
  }

  /** {@code [x1,y1,x2,y2]}, as inside {@code <box>[[…]]</box>}. */
  public String format() {
    return "[" + x1 + "," + y1 + "," + x2 + "," + y2 + "]";
  }

  @Override
  public String toString() {
    return format();
  }
}
