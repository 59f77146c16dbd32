package dev.vitp.plugins.domains.medical;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A brain MRI-like volume in two contrasts: T1-weighted (white matter bright, CSF dark) and
 * T2-weighted (CSF bright), with scalp, skull, cortex, ventricles and, in some cases, a tumour core
 * with surrounding oedema. Labels follow {@link #LABELS} (BraTS-like: the tumour only).
 */
final class MriPhantom {
  static final List<String> LABELS = List.of("background", "tumor core", "edema");
  static final int CORE = 1;
  static final int EDEMA = 2;

  private final Ellipsoid head;
  private final Ellipsoid skull;
  private final Ellipsoid brain;
  private final Ellipsoid whiteMatter;
  private final Ellipsoid ventricleR;
  private final Ellipsoid ventricleL;
  private final Ellipsoid core;
  private final Ellipsoid edema;
  private final boolean tumor;
  private final long noiseSeed;

  MriPhantom(SplittableRandom r) {
    head = new Ellipsoid(0, 0, 0, 0.78, 0.92, 1.1, 0).jitter(r, 0.02, 0.04);
    skull = new Ellipsoid(head.cx(), head.cy(), 0, head.rx() * 0.93, head.ry() * 0.94, 1.05, 0);
    brain = new Ellipsoid(head.cx(), head.cy(), 0, head.rx() * 0.86, head.ry() * 0.88, 1.0, 0);
    whiteMatter = new Ellipsoid(head.cx(), head.cy(), 0, brain.rx() * 0.78, brain.ry() * 0.8,
        0.85, 0);
    ventricleR = new Ellipsoid(-0.1, -0.05, 0, 0.07, 0.22, 0.4, 0.15).jitter(r, 0.02, 0.1);
    ventricleL = new Ellipsoid(0.1, -0.05, 0, 0.07, 0.22, 0.4, -0.15).jitter(r, 0.02, 0.1);
    tumor = r.nextDouble() < 0.6;
    double side = r.nextBoolean() ? -1 : 1;
    double cx = side * (0.25 + 0.2 * r.nextDouble());
    double cy = (r.nextDouble() - 0.5) * 0.8;
    double cz = (r.nextDouble() - 0.5) * 0.6;
    double rad = 0.08 + 0.08 * r.nextDouble();
    core = new Ellipsoid(cx, cy, cz, rad, rad * (0.8 + 0.4 * r.nextDouble()), rad * 3,
        r.nextDouble() * Math.PI);
    double grow = 1.6 + 0.5 * r.nextDouble();
    edema = new Ellipsoid(cx, cy, cz, core.rx() * grow, core.ry() * grow, core.rz() * grow,
        core.angle());
    noiseSeed = r.nextLong();
  }

  boolean hasTumor() {
    return tumor;
  }

  /** Whether the tumour is in the patient's right hemisphere (the image's left). */
  boolean tumorOnRight() {
    return core.cx() < 0;
  }

  /** Slice {@code z} in [-1, 1]: T1 in {@code values}, T2 in {@code values2}, both in [0, 1]. */
  Slice slice(int size, double z, long sliceIndex) {
    float[] t1 = new float[size * size];
    float[] t2 = new float[size * size];
    byte[] labels = new byte[size * size];
    int[] ids = new int[size * size];
    SplittableRandom noise = new SplittableRandom(noiseSeed ^ (sliceIndex * 0x9E3779B97F4A7C15L));
    for (int py = 0; py < size; py++) {
      double y = (py + 0.5) / size * 2 - 1;
      for (int px = 0; px < size; px++) {
        double x = (px + 0.5) / size * 2 - 1;
        int i = py * size + px;
        double a = 0.02;
        double b = 0.02;
        int label = 0;
        if (head.contains(x, y, z)) {
          a = 0.8; // scalp fat
          b = 0.6;
          if (skull.contains(x, y, z)) {
            a = 0.06; // bone
            b = 0.05;
            if (brain.contains(x, y, z)) {
              a = 0.55; // grey matter
              b = 0.5;
              if (whiteMatter.contains(x, y, z)) {
                a = 0.75;
                b = 0.35;
              }
              if (ventricleR.contains(x, y, z) || ventricleL.contains(x, y, z)) {
                a = 0.1; // CSF
                b = 0.95;
              }
              if (tumor && edema.contains(x, y, z)) {
                label = EDEMA;
                a = 0.45;
                b = 0.85;
                if (core.contains(x, y, z)) {
                  label = CORE;
                  a = 0.3;
                  b = 0.7;
                }
                ids[i] = 1;
              }
            }
          }
        }
        labels[i] = (byte) label;
        t1[i] = (float) Math.max(0, Math.min(1, a + noise.nextGaussian() * 0.02));
        t2[i] = (float) Math.max(0, Math.min(1, b + noise.nextGaussian() * 0.02));
      }
    }
    return new Slice(size, t1, t2, labels, ids);
  }
}
