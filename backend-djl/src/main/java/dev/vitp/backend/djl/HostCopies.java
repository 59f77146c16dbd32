package dev.vitp.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;

/**
 * Moves data between Java arrays and PyTorch tensors without leaving native memory to the garbage
 * collector.
 *
 * <p>DJL's {@code NDManager.create(float[])} wraps a fresh direct {@link ByteBuffer} with {@code
 * torch::from_blob}; that memory is only returned when the GC collects the buffer, so a long run
 * would see native memory drift with GC timing. Here one direct staging buffer per session is
 * reused: values are staged, wrapped with {@code from_blob}, cloned into memory PyTorch owns, and
 * the wrapper is dropped at once. Reads copy through a heap array ({@code torchDataPtr}).
 */
final class HostCopies {
  private final StagingBuffer staging = new StagingBuffer(DjlPytorchBackend.NAME);

  /** A PyTorch-owned float32 tensor with the given values, attached to {@code manager}. */
  PtNDArray floats(PtNDManager manager, float[] values, long[] shape) {
    return cloneStaged(manager, staging.floats(values), shape, DataType.FLOAT32);
  }

  /** A PyTorch-owned int32 tensor with the given values, attached to {@code manager}. */
  PtNDArray ints(PtNDManager manager, int[] values, long[] shape) {
    return cloneStaged(manager, staging.ints(values), shape, DataType.INT32);
  }

  /**
   * A tensor that views the staging buffer (not a copy): valid only until the next call on this
   * object. Close it when done.
   */
  PtNDArray stagedFloats(PtNDManager manager, float[] values, long[] shape) {
    return JniUtils.createNdFromByteBuffer(manager, staging.floats(values), new Shape(shape),
        DataType.FLOAT32,
        SparseFormat.DENSE, Device.cpu());
  }

  static float[] toFloats(PtNDArray array) {
    float[] out = new float[Math.toIntExact(array.size())];
    if (out.length > 0) {
      JniUtils.getByteBuffer(array, false).asFloatBuffer().get(out);
    }
    return out;
  }

  static int[] toInts(PtNDArray array) {
    int[] out = new int[Math.toIntExact(array.size())];
    if (out.length > 0) {
      JniUtils.getByteBuffer(array, false).asIntBuffer().get(out);
    }
    return out;
  }

  /** The first element of an int32 or int64 tensor, as a long. */
  static long firstLong(PtNDArray array) {
    ByteBuffer bytes = JniUtils.getByteBuffer(array, false);
    return array.getDataType() == DataType.INT64 ? bytes.getLong(0) : bytes.getInt(0);
  }

  private PtNDArray cloneStaged(PtNDManager manager, ByteBuffer buffer, long[] shape,
      DataType type) {
    PtNDArray blob = JniUtils.createNdFromByteBuffer(manager, buffer, new Shape(shape), type,
        SparseFormat.DENSE, Device.cpu());
    try {
      return JniUtils.clone(blob);
    } finally {
      blob.close();
    }
  }
}
