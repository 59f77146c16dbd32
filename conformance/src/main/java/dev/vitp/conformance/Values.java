package dev.vitp.conformance;

/** Value distributions that keep finite differences away from kinks and poles. */
enum Values {
  /** Uniform in [-2, 2]. */
  ANY,
  /** Uniform in [-3, 3]. */
  WIDE,
  /** Uniform in [0.25, 3] (log, sqrt). */
  POSITIVE,
  /** |x| in [0.5, 2] (divisors). */
  NONZERO,
  /** |x| in [0.1, 2] (relu, abs, dropout). */
  AWAY_FROM_ZERO,
  /** Multiples of 0.5 in [-2, 2]. */
  GRID,
  /** Multiples of 0.5 plus 0.25 in [-2, 2]: never within 0.25 of a GRID value. */
  OFF_GRID,
  /** All distinct, at least 0.2 apart (max, argmax). */
  DISTINCT
}
