package dev.vitp.api.vrl;

import dev.vitp.spi.TokenDropConfig;

/** Config of {@code none}: nothing to set. JSON: {@code {"type": "none"}}. */
public record NoDropConfig() implements TokenDropConfig {}
