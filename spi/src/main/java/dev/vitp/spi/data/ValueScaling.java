package dev.vitp.spi.data;

/** How decoded sample values are brought to [0, 1] before normalisation. */
public enum ValueScaling {
  /**
   * Divide by the largest value of the sample type: 255 for 8-bit, 65535 for 16-bit (signed 16-bit
   * is shifted by 32768 first); floating-point samples are taken as they are.
   */
  BIT_DEPTH,
  /** Stretch each image's own minimum..maximum to 0..1 (CT/MRI intensities, float SAR). */
  MIN_MAX
}
