package dev.vitp.plugins.domains.downstream;

import dev.vitp.spi.VitpException;

/**
 * One object of a detection data set, in pixel units.
 *
 * @param category the class name (DOTA writes it with spaces as dashes)
 * @param x1 left pixel edge of the horizontal box (inclusive)
 * @param y1 top pixel edge
 * @param x2 right pixel edge (exclusive: {@code x2 - x1} is the width)
 * @param y2 bottom pixel edge
 * @param obb the oriented box {@code x1 y1 x2 y2 x3 y3 x4 y4} (clockwise in image coordinates)
 * @param difficulty DOTA's difficult flag (0 or 1)
 * @param area pixels covered by the object (0 when unknown)
 */
public record Detection(String category, double x1, double y1, double x2, double y2, double[] obb,
    int difficulty, long area) {
  public Detection {
    if (obb.length != 8) {
      throw VitpException.userError("Expected 8 oriented-box coordinates. Received: "
          + obb.length);
    }
    if (!(x2 >= x1) || !(y2 >= y1)) {
      throw VitpException.userError("Expected x1<=x2 and y1<=y2. Received: [" + x1 + "," + y1
          + "," + x2 + "," + y2 + "]");
    }
    obb = obb.clone();
  }

  @Override
  public double[] obb() {
    return obb.clone();
  }

  public double width() {
    return x2 - x1;
  }

  public double height() {
    return y2 - y1;
  }
}
