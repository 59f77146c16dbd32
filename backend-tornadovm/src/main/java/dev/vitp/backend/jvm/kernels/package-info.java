/**
 * The kernels of the {@code jvm} backend, in TornadoVM's kernel style: static methods over flat
 * row-major {@code float[]}/{@code int[]} arrays with explicit sizes and offsets, one data-parallel
 * outer loop per kernel (its variable marked {@link dev.vitp.backend.jvm.kernels.Parallel}, its
 * range {@code [lo, hi)} given by the executor), no allocation and no objects inside a kernel.
 * Forward kernels write their outputs (and the caches backward needs); backward kernels accumulate
 * into gradient buffers with {@code +=}.
 *
 * <p>Inner loops use the incubating Vector API ({@code jdk.incubator.vector}) on the JVM; those are
 * the only parts a TornadoVM executor would swap for their scalar form (TornadoVM compiles plain
 * Java loops over primitive arrays, not Vector API calls).
 */
@NullMarked
package dev.vitp.backend.jvm.kernels;

import org.jspecify.annotations.NullMarked;
