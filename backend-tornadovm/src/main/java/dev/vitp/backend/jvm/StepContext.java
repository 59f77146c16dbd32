package dev.vitp.backend.jvm;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the ops of one step share: the session, the mode, the executor, and in a TRAINING step the
 * tape. Every op whose output needs a gradient appends a node (the output and its backward kernel
 * call); {@link #backward} seeds the loss with 1 and runs the nodes in reverse creation order (a
 * valid reverse topological order), each adding its inputs' gradients with {@code +=}. Gradients of
 * parameters go straight into their session-owned buffers, so they accumulate across backward
 * calls and steps; gradients of intermediates live until the next backward call or the step's end.
 * Closing the step drops every array it made (the garbage collector frees them).
 *
 * <p>A step hands its arrays back to the session's pool only when it closes (a TRAINING step's
 * tape needs every activation until then). An INFERENCE step does so only up to the pool's
 * capacity; beyond it, it leaves its arrays to the garbage collector, which frees each
 * intermediate as soon as the model code lets go of it. Small forwards keep the pool's speed
 * (no allocation, no zeroing: ~15 % on nano), big ones stay bounded by their live tensors instead
 * of the sum of all they computed (InternViT-300M at 448 px makes ~11 GB of intermediates per
 * two images).
 */
final class StepContext {
  /** The backward half of an op: adds into the inputs' gradients given the output's gradient. */
  @FunctionalInterface
  interface Backward {
    void run(float[] gradOut);
  }

  private record Node(JvmTensor out, Backward backward) {}

  final JvmBackend backend;
  final JvmSession session;
  final StepMode mode;
  final JvmExecutor exec;
  private final boolean training;
  private final BufferPool pool;
  private final List<Node> tape = new ArrayList<>();
  private final List<JvmTensor> withGrad = new ArrayList<>();
  /** Every array this step took from the pool (or was handed): returned when it closes. */
  private final List<float[]> owned = new ArrayList<>();
  /** Floats in {@link #owned}. */
  private long ownedFloats;
  private boolean closed;

  StepContext(JvmBackend backend, JvmSession session, StepMode mode) {
    this.backend = backend;
    this.session = session;
    this.mode = mode;
    this.exec = backend.executor();
    this.training = mode == StepMode.TRAINING;
    this.pool = session.pool();
  }

  boolean isClosed() {
    return closed;
  }

  /** Drops the tape and hands every array of the step back to the session's pool. */
  void close() {
    closed = true;
    tape.clear();
    for (JvmTensor t : withGrad) {
      t.grad = null;
    }
    withGrad.clear();
    for (float[] a : owned) {
      pool.give(a);
    }
    owned.clear();
    ownedFloats = 0;
  }

  /** An array of the step that its kernel overwrites completely (contents arbitrary). */
  float[] alloc(int n) {
    if (!recycles(n)) {
      return new float[n];
    }
    return own(pool.take(n));
  }

  /** Whether an array of {@code n} floats goes back to the pool when the step closes. */
  private boolean recycles(int n) {
    return n >= BufferPool.MIN_SIZE && (training || ownedFloats + n <= pool.capacity());
  }

  private float[] own(float[] a) {
    owned.add(a);
    ownedFloats += a.length;
    return a;
  }

  /** A zero-filled array of the step (for kernels that accumulate). */
  float[] zeros(int n) {
    boolean reused = recycles(n) && pool.has(n);
    float[] a = alloc(n);
    if (reused) {
      java.util.Arrays.fill(a, 0f);
    }
    return a;
  }

  /** Takes ownership of an array handed to the step (constants), to recycle it at the end. */
  float[] adopt(float[] a) {
    return recycles(a.length) ? own(a) : a;
  }

  /**
   * {@code C (+)= op(A) · op(B)} through {@link dev.vitp.backend.jvm.kernels.Gemm}, with its
   * packing buffers from the pool (given back as soon as the product is done).
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, float[] b,
      int bOff, float[] y, int yOff, boolean accumulate) {
    float[] work = pool.take(dev.vitp.backend.jvm.kernels.Gemm.workSize(m, n, k));
    dev.vitp.backend.jvm.kernels.Gemm.gemm(exec, transA, transB, m, n, k, a, aOff, b, bOff, y,
        yOff, accumulate, work);
    pool.give(work);
  }

  /** The jvm tensor behind a tensor of this step; anything else is a user error naming the op. */
  JvmTensor in(String op, Tensor tensor) {
    if (!(tensor instanceof JvmTensor t)) {
      throw VitpException.userError("Op [" + op + "] expected a tensor of backend ["
          + JvmBackend.NAME + "]. Received: " + tensor.getClass().getName() + " with shape "
          + tensor.shape() + " (tensors are not copied between backends)");
    }
    if (t.owner != this) {
      if (t.owner.isClosed()) {
        throw VitpException.userError("Op [" + op + "] expected a tensor of the current step. "
            + "Received: a tensor of a closed step (freed when that step closed), shape="
            + t.shape());
      }
      throw VitpException.userError("Op [" + op + "] expected a tensor of the current step. "
          + "Received: a tensor of another open step, shape=" + t.shape());
    }
    return t;
  }

  /** Whether an op on these inputs is recorded (training, and some input needs a gradient). */
  boolean records(JvmTensor... inputs) {
    if (!training) {
      return false;
    }
    for (JvmTensor t : inputs) {
      if (t.requiresGrad) {
        return true;
      }
    }
    return false;
  }

  /** A float result of an op on {@code inputs}. */
  JvmTensor result(Shape shape, float[] values, JvmTensor... inputs) {
    return JvmTensor.floats(this, shape, values, records(inputs));
  }

  JvmTensor floats(Shape shape, float[] values) {
    return JvmTensor.floats(this, shape, values, false);
  }

  JvmTensor ints(Shape shape, int[] values) {
    return JvmTensor.ints(this, shape, values);
  }

  /** Appends a node for {@code out} if it needs a gradient. */
  void record(JvmTensor out, Backward backward) {
    if (out.requiresGrad) {
      tape.add(new Node(out, backward));
    }
  }

  /**
   * The buffer to add {@code t}'s gradient into, or null if no gradient flows into it. Reshape
   * views resolve to the tensor they view; parameters to their session-owned gradient.
   */
  float @Nullable [] gradOf(JvmTensor t) {
    if (!t.requiresGrad || t.dtype != DType.FLOAT32) {
      return null;
    }
    JvmTensor r = t.root();
    JvmParameter p = r.parameter;
    if (p != null) {
      return p.accumulationBuffer();
    }
    float[] g = r.grad;
    if (g == null) {
      g = zeros(r.size);
      r.grad = g;
      withGrad.add(r);
    }
    return g;
  }

  /** Back-propagates from a scalar {@code loss} through the tape. */
  void backward(JvmTensor loss) {
    for (JvmTensor t : withGrad) {
      t.grad = null;
    }
    withGrad.clear();
    float[] seed = gradOf(loss);
    if (seed == null) {
      return; // nothing trainable reaches the loss
    }
    seed[0] += 1f;
    for (int n = tape.size() - 1; n >= 0; n--) {
      Node node = tape.get(n);
      float[] g = node.out.grad;
      if (g != null) {
        node.backward.run(g);
      }
    }
  }
}
