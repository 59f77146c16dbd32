package dev.vitp.plugins.domains.remotesensing;

import dev.vitp.plugins.domains.downstream.Detection;
import dev.vitp.spi.data.BoundingBox;

/**
 * A placed object: its rasterised pixels (indices into the image) and boxes derived from them.
 *
 * @param pixels pixel indices {@code y * size + x} owned by the object
 * @param x1 left pixel edge of its tight horizontal box (inclusive)
 * @param y1 top pixel edge
 * @param x2 right pixel edge (exclusive)
 * @param y2 bottom pixel edge (exclusive)
 * @param obb oriented box corners {@code x1 y1 … x4 y4} containing every pixel centre
 * @param cx centroid of its pixels (pixel-centre coordinates)
 * @param color name of its colour
 * @param rgb its colour
 */
public record SceneObject(ObjectType type, int[] pixels, int x1, int y1, int x2, int y2,
    double[] obb, double cx, double cy, double angle, String color, float[] rgb) {
  public BoundingBox box(int size) {
    return BoundingBox.fromPixelEdges(x1, y1, x2, y2, size, size);
  }

  public Detection detection() {
    return new Detection(type.singular(), x1, y1, x2, y2, obb, pixels.length < 12 ? 1 : 0,
        pixels.length);
  }

  public int area() {
    return pixels.length;
  }
}
