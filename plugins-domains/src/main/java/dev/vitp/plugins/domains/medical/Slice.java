package dev.vitp.plugins.domains.medical;

import dev.vitp.spi.data.BoundingBox;

/**
 * A rendered 2D slice: intensities, the label map (class ids of the domain's downstream set) and
 * an instance map for lesions ({@code 0} none, {@code k} = lesion k), from which boxes, counts and
 * answers are derived.
 *
 * @param values intensities (CT: HU; X-ray and MRI: [0, 1]), {@code size × size}
 * @param values2 the second contrast (MRI T2) or null
 */
record Slice(int size, float[] values, float @org.jspecify.annotations.Nullable [] values2,
    byte[] labels, int[] lesionIds) {
  int pixels(int label) {
    int n = 0;
    for (byte b : labels) {
      n += b == label ? 1 : 0;
    }
    return n;
  }

  /** The tight box {@code [x1, y1, x2, y2)} of pixels with {@code map[i] == value}, or null. */
  int @org.jspecify.annotations.Nullable [] bounds(int[] map, int value, int minPixels) {
    int x1 = size;
    int y1 = size;
    int x2 = -1;
    int y2 = -1;
    int n = 0;
    for (int i = 0; i < map.length; i++) {
      if (map[i] == value) {
        int x = i % size;
        int y = i / size;
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x);
        y2 = Math.max(y2, y);
        n++;
      }
    }
    return n < minPixels ? null : new int[] {x1, y1, x2 + 1, y2 + 1};
  }

  int @org.jspecify.annotations.Nullable [] labelBounds(int label, int minPixels) {
    int[] m = new int[labels.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = labels[i];
    }
    return bounds(m, label, minPixels);
  }

  BoundingBox box(int[] b) {
    return BoundingBox.fromPixelEdges(b[0], b[1], b[2], b[3], size, size);
  }
}
