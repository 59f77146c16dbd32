package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Config base type of instruction sources: {@code {"type": "internvl-jsonl", ...}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface InstructionSourceConfig {}
