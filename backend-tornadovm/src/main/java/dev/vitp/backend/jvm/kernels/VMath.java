package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transcendental functions the kernels need, over blocks of floats: {@code exp} (Cephes'
 * single-precision range reduction and polynomial, about 1 ulp; the rounding {@code n = rint(x·log2
 * e)} and {@code 2^n} use the 1.5·2²³ trick instead of float/int conversions, which JDK 17 does not
 * compile to vector instructions on AVX2) and the standard normal CDF {@code Phi} through {@code
 * erfc} (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7 over the whole line, so exact
 * GELU keeps its relative accuracy in the tails too).
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
  /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer in the mantissa. */
  private static final float ROUND = 12582912f;
  private static final int ROUND_BITS = 0x4B400000;

  /** 1/sqrt(2). */
  public static final float SQRT1_2 = 0.70710678118654752f;
  /** 1/sqrt(2π). */
  public static final float INV_SQRT_2PI = 0.39894228040143268f;

  private VMath() {}

  /** {@code e^x}, scalar. */
  public static float exp(float x) {
    return (float) Math.exp(x);
  }

  // ------------------------------------------------------------------------------ block forms
  //
  // JDK 17's C2 stops inlining inside a compilation once it holds about 18000 nodes
  // (NodeCountInliningCutoff), and every Vector API call expands into a few hundred before the
  // intrinsics reduce them; a vector that then crosses a call that was not inlined is boxed, which
  // costs 10-100x. So the long formulas (exact GELU needs erfc, hence exp) run as stages over a
  // block of at most a few thousand elements held in L1, each stage a loop with its constants
  // hoisted. The exp stage's bytecode is above C2's FreqInlineSize (325 bytes), so it is
  // compiled once on its own instead of being inlined into (and crowding) its callers.

  /** {@code y[yOff + j] = e^x[xOff + j]} for {@code j < n}. */
  public static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
    FloatVector lo = FloatVector.broadcast(S, EXP_LO);
    FloatVector hi = FloatVector.broadcast(S, EXP_HI);
    FloatVector log2e = FloatVector.broadcast(S, LOG2E);
    FloatVector round = FloatVector.broadcast(S, ROUND);
    FloatVector c1 = FloatVector.broadcast(S, -C1);
    FloatVector c2 = FloatVector.broadcast(S, -C2);
    FloatVector p0 = FloatVector.broadcast(S, P0);
    FloatVector p1 = FloatVector.broadcast(S, P1);
    FloatVector p2 = FloatVector.broadcast(S, P2);
    FloatVector p3 = FloatVector.broadcast(S, P3);
    FloatVector p4 = FloatVector.broadcast(S, P4);
    FloatVector p5 = FloatVector.broadcast(S, P5);
    FloatVector one = FloatVector.broadcast(S, 1f);
    IntVector bias = IntVector.broadcast(IntVector.SPECIES_PREFERRED, ROUND_BITS - 127);
    IntVector shift = IntVector.broadcast(IntVector.SPECIES_PREFERRED, 23);
    int j = 0;
    int ve = S.loopBound(n);
    for (; j < ve; j += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + j).max(lo).min(hi);
      FloatVector t = v.fma(log2e, round);
      FloatVector fx = t.sub(round);
      v = fx.fma(c1, v);
      v = fx.fma(c2, v);
      FloatVector z = v.mul(v);
      FloatVector p = v.fma(p0, p1);
      p = p.fma(v, p2);
      p = p.fma(v, p3);
      p = p.fma(v, p4);
      p = p.fma(v, p5);
      p = p.fma(z, v).add(one);
      IntVector e = t.reinterpretAsInts().sub(bias).lanewise(VectorOperators.LSHL, shift);
      p.mul(e.reinterpretAsFloats()).intoArray(y, yOff + j);
    }
    for (; j < n; j++) {
      y[yOff + j] = (float) Math.exp(x[xOff + j]);
    }
  }

  /**
   * {@code phi[j] = Phi(x[xOff + j])} for {@code j < n}, in three stages through {@code
   * scratch[sOff, sOff + 2n)}: the erfc argument and Chebyshev sum, the exponential, the sign.
   */
  public static void phi(float[] x, int xOff, float[] phi, float[] scratch, int sOff, int n) {
    erfcStage(x, xOff, scratch, sOff, n);
    exp(scratch, sOff + n, scratch, sOff + n, n);
    phiStage(x, xOff, scratch, sOff, phi, n);
  }

  /** {@code t = 1 / (1 + z/2)} with {@code z = |x|/√2} into {@code s[o, o + n)}, the exponent of erfc
   * into {@code s[o + n, o + 2n)}. */
  private static void erfcStage(float[] x, int xOff, float[] s, int o, int n) {
    FloatVector half = FloatVector.broadcast(S, 0.5f);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector r2 = FloatVector.broadcast(S, SQRT1_2);
    FloatVector q9 = FloatVector.broadcast(S, 0.17087277f);
    FloatVector q8 = FloatVector.broadcast(S, -0.82215223f);
    FloatVector q7 = FloatVector.broadcast(S, 1.48851587f);
    FloatVector q6 = FloatVector.broadcast(S, -1.13520398f);
    FloatVector q5 = FloatVector.broadcast(S, 0.27886807f);
    FloatVector q4 = FloatVector.broadcast(S, -0.18628806f);
    FloatVector q3 = FloatVector.broadcast(S, 0.09678418f);
    FloatVector q2 = FloatVector.broadcast(S, 0.37409196f);
    FloatVector q1 = FloatVector.broadcast(S, 1.00002368f);
    FloatVector q0 = FloatVector.broadcast(S, -1.26551223f);
    int j = 0;
    int ve = S.loopBound(n);
    for (; j < ve; j += L) {
      FloatVector z = FloatVector.fromArray(S, x, xOff + j).abs().mul(r2);
      FloatVector t = one.div(z.fma(half, one));
      FloatVector p = t.fma(q9, q8);
      p = p.fma(t, q7);
      p = p.fma(t, q6);
      p = p.fma(t, q5);
      p = p.fma(t, q4);
      p = p.fma(t, q3);
      p = p.fma(t, q2);
      p = p.fma(t, q1);
      p = p.fma(t, q0);
      t.intoArray(s, o + j);
      p.sub(z.mul(z)).intoArray(s, o + n + j);
    }
    for (; j < n; j++) {
      float z = Math.abs(x[xOff + j]) * SQRT1_2;
      double t = 1.0 / (1.0 + 0.5 * z);
      double p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
          + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
          + t * (-0.82215223 + t * 0.17087277))))))));
      s[o + j] = (float) t;
      s[o + n + j] = (float) (p - (double) z * z);
    }
  }

  /**
   * {@code Phi = h} for {@code x < 0} and {@code 1 - h} otherwise, with {@code h = t·e/2 =
   * erfc(|x|/√2)/2}, {@code t} in {@code s[o, o + n)} and {@code e} in {@code s[o + n, o + 2n)}.
   * The negative side returns {@code h} itself, so the far left tail keeps its relative precision.
   */
  private static void phiStage(float[] x, int xOff, float[] s, int o, float[] phi, int n) {
    FloatVector half = FloatVector.broadcast(S, 0.5f);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector zero = FloatVector.broadcast(S, 0f);
    int j = 0;
    int ve = S.loopBound(n);
    for (; j < ve; j += L) {
      FloatVector h = FloatVector.fromArray(S, s, o + j)
          .mul(FloatVector.fromArray(S, s, o + n + j)).mul(half);
      VectorMask<Float> right = FloatVector.fromArray(S, x, xOff + j)
          .compare(VectorOperators.GE, zero);
      // masked add rather than blend: JDK 17 compiles it to better AVX2 code
      h.lanewise(VectorOperators.ADD, one.sub(h.add(h)), right).intoArray(phi, j);
    }
    for (; j < n; j++) {
      float erfcHalf = 0.5f * s[o + j] * s[o + n + j];
      phi[j] = x[xOff + j] >= 0 ? 1f - erfcHalf : erfcHalf;
    }
  }
}
