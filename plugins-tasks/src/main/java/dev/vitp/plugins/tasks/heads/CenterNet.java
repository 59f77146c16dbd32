package dev.vitp.plugins.tasks.heads;

import dev.vitp.plugins.tasks.metrics.Polygons;
import dev.vitp.spi.task.TaskBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CenterNet's (Zhou et al., "Objects as Points") target encoding and decoding on the host: a
 * Gaussian class heatmap peaked at each object's centre cell, and at that cell the sub-cell offset,
 * the log size in cells and — for oriented boxes — the angle as {@code (sin 2θ, cos 2θ)}.
 */
final class CenterNet {
  private CenterNet() {}

  /** A rotated rectangle: centre, long side {@code w} at angle {@code theta ∈ [0, π)}, short {@code h}. */
  record Rect(double cx, double cy, double w, double h, double theta) {
    float[] corners() {
      double c = Math.cos(theta);
      double s = Math.sin(theta);
      double[][] d = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
      float[] out = new float[8];
      for (int i = 0; i < 4; i++) {
        out[2 * i] = (float) (cx + d[i][0] * c - d[i][1] * s);
        out[2 * i + 1] = (float) (cy + d[i][0] * s + d[i][1] * c);
      }
      return out;
    }
  }

  /** The minimum-area rectangle around a polygon (rotating calipers over its hull's edges). */
  static Rect minAreaRect(float[] corners) {
    double[] hull = Polygons.convexHull(toDoubles(corners));
    int n = hull.length / 2;
    if (n < 3) {
      double x1 = Double.POSITIVE_INFINITY;
      double x2 = Double.NEGATIVE_INFINITY;
      double y1 = Double.POSITIVE_INFINITY;
      double y2 = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < corners.length; i += 2) {
        x1 = Math.min(x1, corners[i]);
        x2 = Math.max(x2, corners[i]);
        y1 = Math.min(y1, corners[i + 1]);
        y2 = Math.max(y2, corners[i + 1]);
      }
      return canonical((x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1, 0);
    }
    Rect best = null;
    double bestArea = Double.POSITIVE_INFINITY;
    for (int e = 0; e < n; e++) {
      double ex = hull[2 * ((e + 1) % n)] - hull[2 * e];
      double ey = hull[2 * ((e + 1) % n) + 1] - hull[2 * e + 1];
      double len = Math.hypot(ex, ey);
      if (len == 0) {
        continue;
      }
      double ux = ex / len;
      double uy = ey / len;
      double minU = Double.POSITIVE_INFINITY;
      double maxU = Double.NEGATIVE_INFINITY;
      double minV = Double.POSITIVE_INFINITY;
      double maxV = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double pu = hull[2 * i] * ux + hull[2 * i + 1] * uy;
        double pv = -hull[2 * i] * uy + hull[2 * i + 1] * ux;
        minU = Math.min(minU, pu);
        maxU = Math.max(maxU, pu);
        minV = Math.min(minV, pv);
        maxV = Math.max(maxV, pv);
      }
      double area = (maxU - minU) * (maxV - minV);
      if (area < bestArea - 1e-9) {
        bestArea = area;
        double cu = (minU + maxU) / 2;
        double cv = (minV + maxV) / 2;
        best = canonical(cu * ux - cv * uy, cu * uy + cv * ux, maxU - minU, maxV - minV,
            Math.atan2(uy, ux));
      }
    }
    return best;
  }

  /** The same rectangle with {@code w >= h} and the angle of {@code w} in {@code [0, π)}. */
  static Rect canonical(double cx, double cy, double w, double h, double theta) {
    if (w < h) {
      double t = w;
      w = h;
      h = t;
      theta += Math.PI / 2;
    }
    theta = theta % Math.PI;
    if (theta < 0) {
      theta += Math.PI;
    }
    return new Rect(cx, cy, w, h, theta);
  }

  /** CenterNet's {@code gaussian_radius} for a box of {@code height × width} at min overlap .7. */
  static double gaussianRadius(double height, double width) {
    double minOverlap = 0.7;
    double b1 = height + width;
    double c1 = width * height * (1 - minOverlap) / (1 + minOverlap);
    double r1 = (b1 + Math.sqrt(b1 * b1 - 4 * c1)) / 2;
    double b2 = 2 * (height + width);
    double c2 = (1 - minOverlap) * width * height;
    double r2 = (b2 + Math.sqrt(b2 * b2 - 16 * c2)) / 2;
    double a3 = 4 * minOverlap;
    double b3 = -2 * minOverlap * (height + width);
    double c3 = (minOverlap - 1) * width * height;
    double r3 = (b3 + Math.sqrt(b3 * b3 - 4 * a3 * c3)) / 2;
    return Math.min(r1, Math.min(r2, r3));
  }

  /** Training targets of a batch on an {@code m × m} map with {@code stride} input pixels per cell. */
  record Targets(float[] heatmap, int positives, int[] indices, float[] regression, int channels) {}

  static Targets encode(List<List<TaskBox>> boxes, int classes, int m, float stride,
      boolean oriented) {
    int b = boxes.size();
    float[] heat = new float[b * classes * m * m];
    int r = oriented ? 6 : 4;
    List<Integer> indices = new ArrayList<>();
    List<float[]> regs = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      for (TaskBox box : boxes.get(i)) {
        Rect rect = oriented && box.isOriented() ? minAreaRect(box.corners())
            : oriented ? canonical((box.x1() + box.x2()) / 2.0, (box.y1() + box.y2()) / 2.0,
                box.width(), box.height(), 0)
            : new Rect((box.x1() + box.x2()) / 2.0, (box.y1() + box.y2()) / 2.0, box.width(),
                box.height(), 0);
        double w = rect.w() / stride;
        double h = rect.h() / stride;
        if (w < 1e-2 || h < 1e-2) {
          continue; // degenerate: nothing to learn
        }
        double cx = rect.cx() / stride;
        double cy = rect.cy() / stride;
        int ix = (int) Math.min(m - 1, Math.max(0, Math.floor(cx)));
        int iy = (int) Math.min(m - 1, Math.max(0, Math.floor(cy)));
        // The heatmap radius comes from the horizontal extent the object covers on the map.
        double hbW = (box.x2() - box.x1()) / stride;
        double hbH = (box.y2() - box.y1()) / stride;
        int radius = Math.max(0, (int) gaussianRadius(Math.ceil(hbH), Math.ceil(hbW)));
        draw(heat, ((i * classes) + box.cls()) * m * m, m, ix, iy, radius);
        indices.add(i * m * m + iy * m + ix);
        float[] reg = new float[r];
        reg[0] = (float) (cx - ix);
        reg[1] = (float) (cy - iy);
        reg[2] = (float) Math.log(w);
        reg[3] = (float) Math.log(h);
        if (oriented) {
          reg[4] = (float) Math.sin(2 * rect.theta());
          reg[5] = (float) Math.cos(2 * rect.theta());
        }
        regs.add(reg);
      }
    }
    int positives = 0;
    for (float v : heat) {
      if (v == 1f) {
        positives++;
      }
    }
    float[] regression = new float[regs.size() * r];
    for (int j = 0; j < regs.size(); j++) {
      System.arraycopy(regs.get(j), 0, regression, j * r, r);
    }
    return new Targets(heat, positives,
        indices.stream().mapToInt(Integer::intValue).toArray(), regression, r);
  }

  /** CenterNet's {@code draw_umich_gaussian}: element-wise max of a Gaussian of σ = (2r+1)/6. */
  static void draw(float[] heat, int offset, int m, int cx, int cy, int radius) {
    double sigma = (2 * radius + 1) / 6.0;
    for (int dy = -radius; dy <= radius; dy++) {
      int y = cy + dy;
      if (y < 0 || y >= m) {
        continue;
      }
      for (int dx = -radius; dx <= radius; dx++) {
        int x = cx + dx;
        if (x < 0 || x >= m) {
          continue;
        }
        float g = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        if (dx == 0 && dy == 0) {
          g = 1f;
        }
        int at = offset + y * m + x;
        heat[at] = Math.max(heat[at], g);
      }
    }
  }

  /**
   * Decodes one image: peaks of the sigmoid heatmap {@code [K, m, m]} (3×3 local maxima above
   * {@code threshold}), the best {@code topK} of them made into boxes, then per-class NMS.
   */
  static List<TaskBox> decode(float[] heat, float[] reg, int classes, int m, float stride,
      int size, boolean oriented, float threshold, int topK, float nmsIou) {
    int r = oriented ? 6 : 4;
    List<float[]> peaks = new ArrayList<>(); // score, class, y, x
    for (int k = 0; k < classes; k++) {
      int base = k * m * m;
      for (int y = 0; y < m; y++) {
        for (int x = 0; x < m; x++) {
          float v = heat[base + y * m + x];
          if (v < threshold) {
            continue;
          }
          boolean peak = true;
          for (int dy = -1; dy <= 1 && peak; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int yy = y + dy;
              int xx = x + dx;
              if ((dy != 0 || dx != 0) && yy >= 0 && yy < m && xx >= 0 && xx < m
                  && heat[base + yy * m + xx] > v) {
                peak = false;
                break;
              }
            }
          }
          if (peak) {
            peaks.add(new float[] {v, k, y, x});
          }
        }
      }
    }
    peaks.sort((a, b) -> Float.compare(b[0], a[0]));
    List<TaskBox> boxes = new ArrayList<>();
    for (int i = 0; i < Math.min(topK, peaks.size()); i++) {
      float[] p = peaks.get(i);
      int y = (int) p[2];
      int x = (int) p[3];
      float[] v = new float[r];
      for (int c = 0; c < r; c++) {
        v[c] = reg[c * m * m + y * m + x];
      }
      double cx = (x + v[0]) * stride;
      double cy = (y + v[1]) * stride;
      double w = Math.exp(Math.min(v[2], 10)) * stride;
      double h = Math.exp(Math.min(v[3], 10)) * stride;
      TaskBox box;
      if (oriented) {
        double theta = Math.atan2(v[4], v[5]) / 2;
        box = TaskBox.oriented((int) p[1], canonical(cx, cy, w, h, theta).corners(), false);
      } else {
        float x1 = (float) Math.max(0, cx - w / 2);
        float y1 = (float) Math.max(0, cy - h / 2);
        float x2 = (float) Math.min(size, cx + w / 2);
        float y2 = (float) Math.min(size, cy + h / 2);
        if (!(x2 > x1 && y2 > y1)) {
          continue;
        }
        box = TaskBox.of((int) p[1], x1, y1, x2, y2);
      }
      boxes.add(box.withScore(p[0]));
    }
    return nms(boxes, nmsIou, oriented);
  }

  /** Greedy per-class non-maximum suppression; boxes come sorted by score. */
  static List<TaskBox> nms(List<TaskBox> sorted, float iou, boolean rotated) {
    List<TaskBox> kept = new ArrayList<>();
    for (TaskBox b : sorted) {
      boolean keep = true;
      for (TaskBox k : kept) {
        if (k.cls() == b.cls()
            && (rotated ? Polygons.iou(k, b) : Polygons.boxIou(k, b)) > iou) {
          keep = false;
          break;
        }
      }
      if (keep) {
        kept.add(b);
      }
    }
    return kept;
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static float[] sigmoid(float[] logits) {
    float[] out = Arrays.copyOf(logits, logits.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (1 / (1 + Math.exp(-out[i])));
    }
    return out;
  }
}
