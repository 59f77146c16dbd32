package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector (and matching scalar) forms of the transcendental functions the kernels need: {@code exp}
 * (Cephes' single-precision range reduction and polynomial, about 1 ulp) and the standard normal
 * CDF {@code Phi} through {@code erfc} (Numerical Recipes' Chebyshev fit, relative error below
 * 1.2e-7 over the whole line, so exact GELU keeps its relative accuracy in the tails too).
 */
public final class VMath {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();

  private static final float EXP_HI = 88.0f;
  private static final float EXP_LO = -87.3f;
  private static final float LOG2E = 1.44269504088896341f;
  private static final float C1 = 0.693359375f;
  private static final float C2 = -2.12194440e-4f;
  private static final float P0 = 1.9875691500e-4f;
  private static final float P1 = 1.3981999507e-3f;
  private static final float P2 = 8.3334519073e-3f;
  private static final float P3 = 4.1665795894e-2f;
  private static final float P4 = 1.6666665459e-1f;
  private static final float P5 = 5.0000001201e-1f;

  /** 1/sqrt(2). */
  public static final float SQRT1_2 = 0.70710678118654752f;
  /** 1/sqrt(2π). */
  public static final float INV_SQRT_2PI = 0.39894228040143268f;

  private VMath() {}

  /** {@code e^x} lane-wise; inputs below about -87 give the smallest normal float, not 0. */
  public static FloatVector exp(FloatVector x) {
    FloatVector v = x.max(EXP_LO).min(EXP_HI);
    FloatVector fx = v.fma(LOG2E, 0.5f);
    FloatVector t = truncate(fx);
    // floor: truncation rounds negative values up
    VectorMask<Float> up = t.compare(VectorOperators.GT, fx);
    fx = t.sub(1f, up);
    v = fx.fma(bc(-C1), v);
    v = fx.fma(bc(-C2), v);
    FloatVector z = v.mul(v);
    FloatVector y = v.fma(P0, P1);
    y = y.fma(v, bc(P2));
    y = y.fma(v, bc(P3));
    y = y.fma(v, bc(P4));
    y = y.fma(v, bc(P5));
    y = y.fma(z, v).add(1f);
    IntVector n = (IntVector) fx.convert(VectorOperators.F2I, 0);
    FloatVector pow2 = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return y.mul(pow2);
  }

  private static FloatVector bc(float c) {
    return FloatVector.broadcast(S, c);
  }

  private static FloatVector truncate(FloatVector x) {
    return (FloatVector) x.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
  }

  /** {@code e^x}, the scalar companion of {@link #exp(FloatVector)}. */
  public static float exp(float x) {
    return (float) Math.exp(x);
  }

  /** {@code erfc(z)} for {@code z >= 0}. */
  public static FloatVector erfcNonNegative(FloatVector z) {
    FloatVector t = z.fma(0.5f, 1f);
    t = FloatVector.broadcast(S, 1f).div(t);
    FloatVector p = t.fma(0.17087277f, -0.82215223f);
    p = p.fma(t, bc(1.48851587f));
    p = p.fma(t, bc(-1.13520398f));
    p = p.fma(t, bc(0.27886807f));
    p = p.fma(t, bc(-0.18628806f));
    p = p.fma(t, bc(0.09678418f));
    p = p.fma(t, bc(0.37409196f));
    p = p.fma(t, bc(1.00002368f));
    p = p.fma(t, bc(-1.26551223f));
    return t.mul(exp(z.mul(z).neg().add(p)));
  }

  /** {@code erfc(z)} for {@code z >= 0}, scalar. */
  public static float erfcNonNegative(float z) {
    double t = 1.0 / (1.0 + 0.5 * z);
    double p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277))))))));
    return (float) (t * Math.exp(-(double) z * z + p));
  }

  /** The standard normal CDF {@code Phi(x) = erfc(-x / sqrt 2) / 2}. */
  public static FloatVector phi(FloatVector x) {
    FloatVector half = erfcNonNegative(x.abs().mul(SQRT1_2)).mul(0.5f);
    VectorMask<Float> positive = x.compare(VectorOperators.GE, 0f);
    return half.blend(half.neg().add(1f), positive);
  }

  public static float phi(float x) {
    float half = 0.5f * erfcNonNegative(Math.abs(x) * SQRT1_2);
    return x >= 0 ? 1f - half : half;
  }

  /** Exact GELU {@code x · Phi(x)}. */
  public static FloatVector gelu(FloatVector x) {
    return x.mul(phi(x));
  }

  public static float gelu(float x) {
    return x * phi(x);
  }

  /** {@code d gelu / dx = Phi(x) + x · exp(-x²/2) / sqrt(2π)}. */
  public static FloatVector geluGrad(FloatVector x) {
    FloatVector density = exp(x.mul(x).mul(-0.5f)).mul(INV_SQRT_2PI);
    return x.fma(density, phi(x));
  }

  public static float geluGrad(float x) {
    float density = (float) Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
    return phi(x) + x * density;
  }
}
