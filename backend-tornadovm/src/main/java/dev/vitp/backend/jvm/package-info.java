/**
 * The {@code jvm} backend: the whole vitp backend contract (training included) on hand-written
 * kernels ({@link dev.vitp.backend.jvm.kernels}) with no native code. Tensors are plain
 * {@code float[]}/{@code int[]} arrays owned by a step; a TRAINING step records a tape of
 * forward/backward kernel pairs and back-propagates through it in reverse; the kernels' parallel
 * loops run on a fixed thread pool ({@link dev.vitp.backend.jvm.JvmBackendConfig#threads()}), their
 * inner loops on the incubating Vector API. Every JVM that runs it needs {@code --add-modules
 * jdk.incubator.vector}.
 */
@NullMarked
package dev.vitp.backend.jvm;

import org.jspecify.annotations.NullMarked;
