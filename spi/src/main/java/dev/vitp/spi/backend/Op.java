package dev.vitp.spi.backend;

import java.util.Locale;

/**
 * Every operation the backend contract declares. Error messages and the conformance suite use
 * {@link #opName()}; a backend may declare some ops unsupported with a reason ({@link
 * Backend#unsupportedOps()}), which the conformance suite and model builders check up front.
 */
public enum Op {
  CONSTANT(OpGroup.TENSOR, false),
  ASSIGN(OpGroup.TENSOR, false),

  ADD(OpGroup.MATH, true),
  SUB(OpGroup.MATH, true),
  MUL(OpGroup.MATH, true),
  DIV(OpGroup.MATH, true),
  MAXIMUM(OpGroup.MATH, true),
  MINIMUM(OpGroup.MATH, true),
  NEG(OpGroup.MATH, true),
  ABS(OpGroup.MATH, true),
  EXP(OpGroup.MATH, true),
  LOG(OpGroup.MATH, true),
  SQRT(OpGroup.MATH, true),
  TANH(OpGroup.MATH, true),
  SIGMOID(OpGroup.MATH, true),
  MUL_SCALAR(OpGroup.MATH, true),
  ADD_SCALAR(OpGroup.MATH, true),
  MATMUL(OpGroup.MATH, true),
  TRANSPOSE(OpGroup.MATH, true),
  RESHAPE(OpGroup.MATH, true),
  SUM(OpGroup.MATH, true),
  MEAN(OpGroup.MATH, true),
  MAX(OpGroup.MATH, true),
  CONCAT(OpGroup.MATH, true),
  SLICE(OpGroup.MATH, true),
  GATHER(OpGroup.MATH, true),
  ARGMAX(OpGroup.MATH, false),

  LINEAR(OpGroup.NN, true),
  LAYER_NORM(OpGroup.NN, true),
  GELU(OpGroup.NN, true),
  RELU(OpGroup.NN, true),
  SOFTMAX(OpGroup.NN, true),
  LOG_SOFTMAX(OpGroup.NN, true),
  ATTENTION(OpGroup.NN, true),
  CONV2D(OpGroup.NN, true),
  CONV_TRANSPOSE2D(OpGroup.NN, true),
  RESIZE_BILINEAR(OpGroup.NN, true),
  CROSS_ENTROPY(OpGroup.NN, true),

  UNIFORM(OpGroup.RANDOM, false),
  NORMAL(OpGroup.RANDOM, false),
  BERNOULLI(OpGroup.RANDOM, false),
  DROPOUT(OpGroup.RANDOM, true);

  private final OpGroup group;
  private final boolean differentiable;

  Op(OpGroup group, boolean differentiable) {
    this.group = group;
    this.differentiable = differentiable;
  }

  public OpGroup group() {
    return group;
  }

  /** Whether gradients flow through this op to its float inputs. */
  public boolean differentiable() {
    return differentiable;
  }

  /** The lowerCamelCase name used in messages, e.g. {@code convTranspose2d}. */
  public String opName() {
    String[] parts = name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder b = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      b.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1));
    }
    return b.toString();
  }
}
