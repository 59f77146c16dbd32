package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Config base type of image corruptions: {@code {"type": "gaussian-noise"}}. Built-in corruptions
 * take no settings (their five severities are fixed, as in ImageNet-C and REOBench), so a name is
 * the whole config; a plugin's may have fields.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface CorruptionConfig {}
