package ai.djl.tensorflow.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * One TensorFlow eager op by its registered name ({@code "GatherV2"}, {@code "Erf"},
 * {@code "Conv2D"} …), for vitp's {@code djl-tensorflow} backend.
 *
 * <p>Why this class lives in DJL's package: DJL 0.36.0's {@code TfNDManager.opExecutor} is public
 * but returns the package-private {@code TfOpExecutor}, so no code outside this package can call
 * it. DJL's {@code NDArray} methods on TensorFlow lack ops the backend needs (gather, erf, conv,
 * layer norm …), and every TF op is one {@code TFE_Execute} away; this adapter exposes exactly that
 * and nothing else. The result is attached to the manager the op was built on.
 */
public final class TfRawOp {
  private final TfOpExecutor executor;

  private TfRawOp(TfOpExecutor executor) {
    this.executor = executor;
  }

  /** Starts op {@code name}; its output will belong to {@code manager} (a TensorFlow manager). */
  public static TfRawOp of(NDManager manager, String name) {
    return new TfRawOp(((TfNDManager) manager).opExecutor(name));
  }

  public TfRawOp input(NDArray input) {
    executor.addInput(input);
    return this;
  }

  /** A list input (e.g. ConcatV2's {@code values}); set the matching {@code N} attribute too. */
  public TfRawOp inputs(NDArray[] inputs) {
    executor.addInputList(inputs);
    return this;
  }

  public TfRawOp attr(String name, long value) {
    executor.addParam(name, value);
    return this;
  }

  public TfRawOp attr(String name, long[] values) {
    executor.addParam(name, values);
    return this;
  }

  public TfRawOp attr(String name, boolean value) {
    executor.addParam(name, value);
    return this;
  }

  public TfRawOp attr(String name, float value) {
    executor.addParam(name, value);
    return this;
  }

  public TfRawOp attr(String name, String value) {
    executor.addParam(name, value);
    return this;
  }

  public TfRawOp attr(String name, DataType value) {
    executor.addParam(name, value);
    return this;
  }

  /** Runs the op and returns its single output. */
  public NDArray run() {
    return executor.buildSingletonOrThrow();
  }
}
