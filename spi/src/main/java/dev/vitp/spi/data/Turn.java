package dev.vitp.spi.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One conversation turn: {@code {"from": "human", "value": "<image>\nWhat is this?"}}. */
public record Turn(@JsonProperty("from") Role from, @JsonProperty("value") String value) {}
