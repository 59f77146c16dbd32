package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Config base type of downstream task heads: {@code {"type": "segmentation", "blocks": [2, 4]}}.
 * The {@code type} names the head ({@code classification}, {@code segmentation}, {@code
 * change-detection}, {@code detection}, or a third-party one).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface TaskHeadConfig {}
