package dev.vitp.backend.jvm;

import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * A tensor of a {@code jvm} step: a dense row-major host array (float or int) and, in a TRAINING
 * step, what autograd needs: whether a gradient flows into it, the parameter it is a view of (a
 * leaf), or the tensor it reshapes (a view sharing data and gradient), and its gradient buffer
 * during a backward pass.
 */
final class JvmTensor implements Tensor {
  static final float[] NO_FLOATS = new float[0];
  static final int[] NO_INTS = new int[0];

  final StepContext owner;
  final Shape shape;
  final DType dtype;
  final int size;
  final float[] f;
  final int[] i;
  final boolean requiresGrad;
  /** The parameter this tensor is a view of (a leaf of the tape), if any. */
  final @Nullable JvmParameter parameter;
  /** The tensor this one reshapes: data and gradient are shared with it. */
  final @Nullable JvmTensor base;
  /** Gradient of an intermediate tensor during backward (allocated when first reached). */
  float @Nullable [] grad;

  private JvmTensor(StepContext owner, Shape shape, DType dtype, float[] f, int[] i,
      boolean requiresGrad, @Nullable JvmParameter parameter, @Nullable JvmTensor base) {
    this.owner = owner;
    this.shape = shape;
    this.dtype = dtype;
    this.size = shape.elementCount();
    this.f = f;
    this.i = i;
    this.requiresGrad = requiresGrad;
    this.parameter = parameter;
    this.base = base;
  }

  static JvmTensor floats(StepContext owner, Shape shape, float[] values, boolean requiresGrad) {
    return new JvmTensor(owner, shape, DType.FLOAT32, values, NO_INTS, requiresGrad, null, null);
  }

  static JvmTensor ints(StepContext owner, Shape shape, int[] values) {
    return new JvmTensor(owner, shape, DType.INT32, NO_FLOATS, values, false, null, null);
  }

  static JvmTensor ofParameter(StepContext owner, JvmParameter p, boolean requiresGrad) {
    return new JvmTensor(owner, p.shape(), DType.FLOAT32, p.data(), NO_INTS, requiresGrad, p,
        null);
  }

  /** A view with another shape of the same elements (reshape). */
  JvmTensor view(Shape newShape) {
    return new JvmTensor(owner, newShape, dtype, f, i, requiresGrad, null, this);
  }

  /** The tensor that owns this one's gradient (follows reshape views). */
  JvmTensor root() {
    JvmTensor t = this;
    while (t.base != null) {
      t = t.base;
    }
    return t;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public String toString() {
    return "JvmTensor[" + shape + ", " + dtype + "]";
  }
}
