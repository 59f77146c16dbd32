package dev.vitp.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the seed statistics. */
class SeedStatisticsTest {
  private static final double EPS = 1e-9;

  @Test
  void meanAndSampleStd() {
    SeedStatistics.Summary s = SeedStatistics.summarize(List.of(0.5, 0.6, 0.7));
    assertEquals(3, s.n());
    assertEquals(0.6, s.mean(), EPS);
    assertEquals(0.1, s.std(), EPS); // sqrt((0.01 + 0 + 0.01) / 2)
  }

  @Test
  void pairedDifferenceHasAStudentTInterval() {
    // differences 0.1, 0.2, 0.3: mean 0.2, std 0.1, t(0.975, 2) = 4.3027
    SeedStatistics.Paired p = SeedStatistics.paired(List.of(0.6, 0.7, 0.8),
        List.of(0.5, 0.5, 0.5));
    assertEquals(4.302652729911275, SeedStatistics.tQuantile(2), 1e-9);
    assertEquals(0.2, p.mean(), EPS);
    assertEquals(0.1, p.std(), EPS);
    double half = 4.302652729911275 * 0.1 / Math.sqrt(3);
    assertEquals(0.2 - half, p.ciLow(), EPS);
    assertEquals(0.2 + half, p.ciHigh(), EPS);
    assertEquals(-0.048, p.ciLow(), 5e-4);
    assertEquals(0.448, p.ciHigh(), 5e-4);
    assertEquals(3, p.referenceAhead());
    assertEquals(0, p.startAhead());
    assertEquals(0, p.ties());
  }

  @Test
  void oneSeedHasNoSpreadAndNoInterval() {
    SeedStatistics.Summary s = SeedStatistics.summarize(List.of(0.42));
    assertEquals(0.42, s.mean(), EPS);
    assertNull(s.std());
    SeedStatistics.Paired p = SeedStatistics.paired(List.of(0.5), List.of(0.7));
    assertEquals(-0.2, p.mean(), EPS);
    assertNull(p.std());
    assertNull(p.ciLow());
    assertNull(p.ciHigh());
    assertEquals(1, p.startAhead());
  }

  @Test
  void identicalValuesGiveZeroStdAndADegenerateInterval() {
    assertEquals(0.0, SeedStatistics.summarize(List.of(0.3, 0.3, 0.3)).std(), 0.0);
    SeedStatistics.Paired p = SeedStatistics.paired(List.of(0.5, 0.6), List.of(0.4, 0.5));
    assertEquals(0.1, p.mean(), EPS);
    assertEquals(0.0, p.std(), 1e-12);
    assertEquals(p.mean(), p.ciLow(), 1e-12);
    assertEquals(p.mean(), p.ciHigh(), 1e-12);
    SeedStatistics.Paired tied = SeedStatistics.paired(List.of(0.5, 0.6), List.of(0.5, 0.6));
    assertEquals(2, tied.ties());
    assertEquals(0.0, tied.ciLow(), 0.0);
  }

  @Test
  void mismatchedOrEmptyInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SeedStatistics.summarize(List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> SeedStatistics.paired(List.of(0.1, 0.2), List.of(0.1)));
  }
}
