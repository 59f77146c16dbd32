package dev.vitp.conformance;

import dev.vitp.spi.backend.Op;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a conformance property as covering one aspect of an op. The coverage guard ({@link
 * BackendConformance#everyOpIsCovered()}) fails when an {@link Op} lacks a FORWARD or ERROR
 * property, or a differentiable op lacks a GRADIENT property.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Covers.List.class)
public @interface Covers {
  Op value();

  Aspect aspect();

  /** What a property checks about an op. */
  enum Aspect {
    /** Values (and shape, dtype) of the output against {@link ReferenceOps}. */
    FORWARD,
    /** The backend's gradient against finite differences of the float64 reference. */
    GRADIENT,
    /** A malformed call fails with USER_ERROR naming the op and what it received. */
    ERROR
  }

  /** Container for repeated {@link Covers}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    Covers[] value();
  }
}
