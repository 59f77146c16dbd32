package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Config base type of VRL token-drop strategies: {@code {"type": "uniform", "ratio": 0.75}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface TokenDropConfig {}
