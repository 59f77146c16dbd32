package dev.vitp.spi.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who speaks a conversation turn, with the InternVL/LLaVA {@code "from"} names. */
public enum Role {
  @JsonProperty("system")
  SYSTEM,
  @JsonProperty("human")
  HUMAN,
  @JsonProperty("gpt")
  GPT;

  /** Only the assistant's tokens are supervised. */
  public boolean supervised() {
    return this == GPT;
  }
}
