package dev.vitp.plugins.domains.remotesensing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.DomainConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code remote-sensing} domain: the shares of the generated recipe.
 *
 * @param sarShare SAR records (modality coverage: include SAR when SAR tasks follow)
 * @param changeShare bitemporal two-image records
 * @param generalShare general-purpose records (preservation of generality)
 */
public record RemoteSensingConfig(double sarShare, double changeShare, double generalShare)
    implements DomainConfig {
  public static final RemoteSensingConfig DEFAULT = new RemoteSensingConfig(0.2, 0.05, 0.1);

  public RemoteSensingConfig {
    if (!(sarShare >= 0) || !(changeShare >= 0) || !(generalShare >= 0)
        || sarShare + changeShare + generalShare >= 1) {
      throw VitpException.userError("Expected non-negative shares summing below 1 (the rest is "
          + "optical). Received: sarShare=" + sarShare + " changeShare=" + changeShare
          + " generalShare=" + generalShare);
    }
  }

  @JsonCreator
  static RemoteSensingConfig fromJson(@JsonProperty("sarShare") @Nullable Double sar,
      @JsonProperty("changeShare") @Nullable Double change,
      @JsonProperty("generalShare") @Nullable Double general) {
    return new RemoteSensingConfig(sar == null ? DEFAULT.sarShare : sar,
        change == null ? DEFAULT.changeShare : change,
        general == null ? DEFAULT.generalShare : general);
  }
}
