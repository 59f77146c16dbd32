package dev.vitp.plugins.domains.medical;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.DomainConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code medical} domain: the shares of the generated recipe.
 *
 * @param xrayShare X-ray records
 * @param mriShare two-contrast MRI records (two images each)
 * @param generalShare general-purpose records (preservation of generality); the rest is CT
 */
public record MedicalConfig(double xrayShare, double mriShare, double generalShare)
    implements DomainConfig {
  public static final MedicalConfig DEFAULT = new MedicalConfig(0.25, 0.25, 0.1);

  public MedicalConfig {
    if (!(xrayShare >= 0) || !(mriShare >= 0) || !(generalShare >= 0)
        || xrayShare + mriShare + generalShare >= 1) {
      throw VitpException.userError("Expected non-negative shares summing below 1 (the rest is "
          + "CT). Received: xrayShare=" + xrayShare + " mriShare=" + mriShare + " generalShare="
          + generalShare);
    }
  }

  @JsonCreator
  static MedicalConfig fromJson(@JsonProperty("xrayShare") @Nullable Double xray,
      @JsonProperty("mriShare") @Nullable Double mri,
      @JsonProperty("generalShare") @Nullable Double general) {
    return new MedicalConfig(xray == null ? DEFAULT.xrayShare : xray,
        mri == null ? DEFAULT.mriShare : mri, general == null ? DEFAULT.generalShare : general);
  }
}
