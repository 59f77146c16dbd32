package dev.vitp.backend.djl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One direct buffer reused for every host-to-engine copy of a session: values are staged here and
 * the engine copies them out (PyTorch by cloning a {@code from_blob} view, TensorFlow when it
 * builds the tensor), so no direct buffer per tensor waits for the GC to return native memory.
 * Each call overwrites the previous contents.
 */
final class StagingBuffer {
  private static final int MIN_CAPACITY = 256;

  private final String backend;
  private ByteBuffer buffer = allocate(MIN_CAPACITY);

  StagingBuffer(String backend) {
    this.backend = backend;
  }

  /** {@code values} in native order, positioned at 0 and limited to their bytes. */
  ByteBuffer floats(float[] values) {
    ByteBuffer b = reserve((long) values.length * Float.BYTES);
    b.asFloatBuffer().put(values);
    return b;
  }

  /** {@code values} in native order, positioned at 0 and limited to their bytes. */
  ByteBuffer ints(int[] values) {
    ByteBuffer b = reserve((long) values.length * Integer.BYTES);
    b.asIntBuffer().put(values);
    return b;
  }

  private ByteBuffer reserve(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw dev.vitp.spi.VitpException.userError("Backend [" + backend + "] copies at most 2 GiB "
          + "per tensor from the host. Received: " + bytes + " bytes");
    }
    if (buffer.capacity() < bytes) {
      long grown = Math.max(bytes, Math.min((long) buffer.capacity() * 2, Integer.MAX_VALUE));
      buffer = allocate((int) grown);
    }
    buffer.clear();
    buffer.limit((int) bytes);
    return buffer;
  }

  private static ByteBuffer allocate(int capacity) {
    return ByteBuffer.allocateDirect(Math.max(capacity, MIN_CAPACITY)).order(ByteOrder.nativeOrder());
  }
}
