package dev.vitp.spi.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an instruction source does with a bad record. */
public enum BadRecordPolicy {
  /** Leave it out, count it per {@link SkipReason} and report the first ones (the default). */
  @JsonProperty("skip")
  SKIP,
  /** Stop at the first bad record with a USER_ERROR naming {@code file:line: reason}. */
  @JsonProperty("fail")
  FAIL
}
