package dev.vitp.spi.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LrScheduleProperties {
  @Property
  void warmsUpLinearlyThenDecaysMonotonicallyToTheFloor(
      @ForAll @IntRange(min = 1, max = 500) int total, @ForAll @IntRange(max = 100) int warmupPct) {
    long warmup = total * (long) warmupPct / 100;
    LrSchedule s = new LrSchedule(1e-3f, warmup, total, 1e-5f);
    float previous = 0f;
    for (long step = 0; step < total; step++) {
      float lr = s.at(step);
      assertTrue(lr > 0 && lr <= 1e-3f + 1e-9f, "lr=" + lr);
      if (step < warmup) {
        assertTrue(lr > previous, "warmup rises");
        assertEquals(1e-3f * (step + 1) / warmup, lr, 1e-9f);
      } else if (step > warmup) {
        assertTrue(lr <= previous + 1e-9f, "cosine falls");
      }
      previous = lr;
    }
    if (warmup < total) {
      assertEquals(1e-5f, s.at(total), 1e-9f, "decayed to the floor at the end");
    }
  }

  @Example
  void rejectsNonsense() {
    assertThrows(VitpException.class, () -> new LrSchedule(0f, 0, 10, 0f));
    assertThrows(VitpException.class, () -> new LrSchedule(1f, 11, 10, 0f));
  }
}
