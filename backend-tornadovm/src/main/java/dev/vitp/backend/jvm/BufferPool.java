package dev.vitp.backend.jvm;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The session's arena: float arrays of the steps it ran, kept by size for the next steps. A
 * training loop repeats the same shapes every step, so after the first step almost every
 * activation, gradient and packing buffer is a reused array: no allocation, no zeroing by the JVM,
 * far less garbage (and a heap that stays small). Used only on the session's thread. Arrays below
 * {@link #MIN_SIZE} floats are not worth pooling; the pool holds at most {@link #capacity}
 * floats.
 */
final class BufferPool {
  static final int MIN_SIZE = 1024;

  private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
  private final long capacity;
  private long pooled;

  BufferPool() {
    // a quarter of the heap, in floats
    this(Runtime.getRuntime().maxMemory() / 16);
  }

  BufferPool(long capacityFloats) {
    this.capacity = capacityFloats;
  }

  /** An array of {@code n} floats with arbitrary contents. */
  float[] take(int n) {
    if (n >= MIN_SIZE) {
      ArrayDeque<float[]> q = free.get(n);
      if (q != null && !q.isEmpty()) {
        pooled -= n;
        return q.pop();
      }
    }
    return new float[n];
  }

  /** Whether {@link #take} would return a pooled array (whose contents are not zero). */
  boolean has(int n) {
    ArrayDeque<float[]> q = n >= MIN_SIZE ? free.get(n) : null;
    return q != null && !q.isEmpty();
  }

  /** Hands an array back; nothing may use it afterwards. */
  void give(float[] a) {
    int n = a.length;
    if (n < MIN_SIZE || pooled + n > capacity) {
      return;
    }
    free.computeIfAbsent(n, k -> new ArrayDeque<>()).push(a);
    pooled += n;
  }

  /** The most floats the pool holds. */
  long capacity() {
    return capacity;
  }

  /** Floats held for reuse. */
  long pooled() {
    return pooled;
  }

  void clear() {
    free.clear();
    pooled = 0;
  }
}
