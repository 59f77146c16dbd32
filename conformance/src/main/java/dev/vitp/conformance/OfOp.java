package dev.vitp.conformance;

import dev.vitp.spi.backend.Op;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Selects the op whose calls a {@code @ForAll OpCall} parameter is generated for. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE_USE})
public @interface OfOp {
  Op value();
}
