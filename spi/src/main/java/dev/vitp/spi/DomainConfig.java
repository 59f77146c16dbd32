package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Config base type of domains: {@code {"type": "remote-sensing", ...}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface DomainConfig {}
