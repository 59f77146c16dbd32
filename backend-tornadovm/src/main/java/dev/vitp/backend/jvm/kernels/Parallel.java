package dev.vitp.backend.jvm.kernels;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the data-parallel loop variable of a kernel, as TornadoVM's {@code
 * uk.ac.manchester.tornado.api.annotations.Parallel} does: iterations of that loop are independent
 * (no two write the same output element), so an executor may run them in any order, on any number
 * of threads or GPU work items. The JVM executor splits the loop's range {@code [lo, hi)} over a
 * fixed thread pool; a TornadoVM executor would map it to work items.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.LOCAL_VARIABLE)
public @interface Parallel {}
