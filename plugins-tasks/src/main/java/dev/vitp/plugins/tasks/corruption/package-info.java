/**
 * The twelve built-in image corruptions of the ViTP paper's robustness table (REOBench style):
 * photometric ({@code brightness-contrast}, {@code haze}, {@code cloud}), noise ({@code
 * gaussian-noise}, {@code salt-and-pepper}), blur ({@code gaussian-blur}, {@code motion-blur}),
 * sensor and codec damage ({@code data-gaps}, {@code jpeg}) and geometric ({@code rotation},
 * {@code scale}, {@code translation}), each at five fixed severities.
 */
@NullMarked
package dev.vitp.plugins.tasks.corruption;

import org.jspecify.annotations.NullMarked;
