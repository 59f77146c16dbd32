package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Config base type of backends: {@code {"type": "djl-pytorch", ...}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface BackendConfig {}
