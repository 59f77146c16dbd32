package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Config base type of pretraining objectives: {@code {"type": "instruction"}} (ViTP) or {@code
 * {"type": "mae", "maskRatio": 0.75}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface PretrainObjectiveConfig {}
