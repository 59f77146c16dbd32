package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Config base type of backbones: {@code {"type": "vit", "source": "backbone.safetensors"}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface BackboneConfig {}
