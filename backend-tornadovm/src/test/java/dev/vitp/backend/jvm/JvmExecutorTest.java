package dev.vitp.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JvmExecutorTest {
  private static final JvmExecutor FOUR = new JvmExecutor(4);

  /** Every index of the loop runs exactly once, whatever the size and work. */
  @Property(tries = 40)
  void rangesCoverTheLoopExactlyOnce(@ForAll @IntRange(min = 0, max = 5000) int n,
      @ForAll @IntRange(min = 1, max = 100_000) int work) {
    AtomicIntegerArray hits = new AtomicIntegerArray(n);
    FOUR.parallelFor(n, work, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        hits.incrementAndGet(i);
      }
    });
    for (int i = 0; i < n; i++) {
      assertEquals(1, hits.get(i), "index " + i + " of " + n);
    }
  }

  @Test
  void bigLoopsUseSeveralThreadsAndSmallOnesOnlyTheCaller() {
    ConcurrentHashMap<Thread, Boolean> threads = new ConcurrentHashMap<>();
    FOUR.parallelFor(64, 1_000_000, (lo, hi) -> {
      threads.put(Thread.currentThread(), true);
      long deadline = System.nanoTime() + 2_000_000;
      while (System.nanoTime() < deadline) {
        Thread.onSpinWait(); // keep the chunk busy so that helpers get to claim some
      }
    });
    assertTrue(threads.size() > 1, "threads used: " + threads.keySet());
    ConcurrentHashMap<Thread, Boolean> small = new ConcurrentHashMap<>();
    FOUR.parallelFor(8, 10, (lo, hi) -> small.put(Thread.currentThread(), true));
    assertEquals(java.util.Set.of(Thread.currentThread()), small.keySet());
  }

  @Test
  void aFailingChunkFailsTheLoopWithItsException() {
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> FOUR.parallelFor(100, 1_000_000, (lo, hi) -> {
          if (lo == 0) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
    // the executor stays usable
    AtomicIntegerArray hits = new AtomicIntegerArray(10);
    FOUR.parallelFor(10, 1_000_000, (lo, hi) -> hits.incrementAndGet(lo));
    assertTrue(hits.get(0) == 1);
  }

  @Test
  void configRejectsNonPositiveThreads() {
    VitpException e = assertThrows(VitpException.class, () -> new JvmBackendConfig(0));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().contains("threads=0"), e.getMessage());
    assertEquals(3, new JvmBackend(new JvmBackendConfig(3)).threads());
  }
}
