package dev.vitp.spi.nn;

import dev.vitp.spi.backend.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/** How a new parameter is filled. Initialisers draw only from the generator they are given. */
@FunctionalInterface
public interface Init {
  float[] values(Shape shape, SplittableRandom random);

  static Init zeros() {
    return constant(0f);
  }

  static Init ones() {
    return constant(1f);
  }

  static Init constant(float value) {
    return (shape, random) -> {
      float[] v = new float[shape.elementCount()];
      Arrays.fill(v, value);
      return v;
    };
  }

  /**
   * Normal with standard deviation {@code std}, redrawn outside two standard deviations (timm's
   * {@code trunc_normal_(std=0.02)} default for ViT weights).
   */
  static Init truncatedNormal(float std) {
    return (shape, random) -> {
      float[] v = new float[shape.elementCount()];
      for (int i = 0; i < v.length; i++) {
        double g;
        do {
          g = random.nextGaussian();
        } while (Math.abs(g) > 2.0);
        v[i] = (float) (g * std);
      }
      return v;
    };
  }
}
