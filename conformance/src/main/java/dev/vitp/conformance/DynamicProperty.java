package dev.vitp.conformance;

import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;
import org.jspecify.annotations.Nullable;

/**
 * A property checked inside a JUnit dynamic test, so that each op gets its own test (jqwik's
 * engine only runs properties declared as methods). It works as a jqwik property does: {@code
 * tries} values from the arbitrary (edge cases mixed in), and on the first failure jqwik's
 * shrinking of that value, keeping the smallest value that still fails. The failure names the
 * property, the shrunk and the original value, and the seed: rerun with {@code
 * -Dvitp.conformance.seed=<seed>} to draw the same values.
 */
final class DynamicProperty {
  /** System property that fixes the seed of every dynamic property (to reproduce a failure). */
  static final String SEED_PROPERTY = "vitp.conformance.seed";
  /** At most this many candidate values are tried while shrinking (each runs the check). */
  private static final int MAX_SHRINK_CHECKS = 500;

  private DynamicProperty() {}

  /** Checks {@code property} on {@code tries} values of {@code values}; fails with the shrunk one. */
  static <T> void check(String name, Arbitrary<T> values, int tries, Consumer<T> property) {
    Long fixed = Long.getLong(SEED_PROPERTY);
    long seed = fixed != null ? fixed : ThreadLocalRandom.current().nextLong();
    // Arbitraries outside jqwik's own lifecycle (here: a JUnit dynamic test) need a session.
    JqwikSession.start();
    try {
      Random random = new Random(seed);
      RandomGenerator<T> generator = values.generator(tries, true);
      for (int i = 0; i < tries; i++) {
        Shrinkable<T> value = generator.next(random);
        Throwable failure = failure(property, value.value());
        if (failure != null) {
          throw shrunk(name, seed, i + 1, value, failure, property);
        }
        JqwikSession.finishTry();
      }
    } finally {
      JqwikSession.finish();
    }
  }

  private static <T> AssertionError shrunk(String name, long seed, int tryNumber,
      Shrinkable<T> original, Throwable originalFailure, Consumer<T> property) {
    Shrinkable<T> smallest = original;
    Throwable failure = originalFailure;
    int checks = 0;
    boolean shrinking = true;
    while (shrinking && checks < MAX_SHRINK_CHECKS) {
      shrinking = false;
      // Shrinkable.shrink() is jqwik's own candidate stream (API status internal, stable in 1.x).
      Iterator<Shrinkable<T>> candidates = smallest.shrink().iterator();
      while (candidates.hasNext() && checks < MAX_SHRINK_CHECKS) {
        Shrinkable<T> candidate = candidates.next();
        if (candidate.distance().compareTo(smallest.distance()) >= 0) {
          continue;
        }
        checks++;
        Throwable candidateFailure = failure(property, candidate.value());
        if (candidateFailure != null) {
          smallest = candidate;
          failure = candidateFailure;
          shrinking = true;
          break;
        }
      }
    }
    String message = name + " failed on try " + tryNumber + " (seed " + seed + "; rerun with -D"
        + SEED_PROPERTY + "=" + seed + ")\n  shrunk sample: " + smallest.value()
        + "\n  original sample: " + original.value() + "\n  " + failure.getMessage();
    return new AssertionError(message, failure);
  }

  private static <T> @Nullable Throwable failure(Consumer<T> property, T value) {
    try {
      property.accept(value);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return e;
    }
  }
}
