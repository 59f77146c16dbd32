/**
 * The {@code djl-pytorch} backend: the vitp backend contract on PyTorch 2.7.1 (CPU) through DJL
 * 0.36.0, with training (autograd through DJL's GradientCollector) and inference. DJL always runs
 * offline here; the native libraries come from the Maven artifacts on the classpath.
 */
@NullMarked
package dev.vitp.backend.djl;

import org.jspecify.annotations.NullMarked;
