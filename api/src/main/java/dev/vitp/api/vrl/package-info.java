/**
 * Built-in Visual Robustness Learning (VRL) token-drop strategies of the ViTP paper and their
 * configs: {@code none}, {@code uniform} and {@code shuffle}.
 */
@NullMarked
package dev.vitp.api.vrl;

import org.jspecify.annotations.NullMarked;
