/** Weight files: a validating safetensors reader and an atomic safetensors writer. */
@NullMarked
package dev.vitp.toolkit.safetensors;

import org.jspecify.annotations.NullMarked;
