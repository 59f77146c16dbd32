/**
 * The built-in ViTP model: a Vision Transformer (InternViT layout), the pixel-shuffle projector
 * ({@code mlp1}) and a causal language decoder, written once against the backend contract.
 */
@NullMarked
package dev.vitp.api.model;

import org.jspecify.annotations.NullMarked;
