package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Per-domain pixel normalisation: values are first brought to [0, 1] by {@link #scaling()}, then
 * {@code (v - mean[c]) / std[c]}. Single-band images (SAR, CT, X-ray) are replicated to three
 * channels and use {@code grayMean/grayStd} when set, else the per-channel RGB statistics.
 */
public final class ImageNormalization {
  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  private final String name;
  private final float[] mean;
  private final float[] std;
  private final @Nullable Float grayMean;
  private final @Nullable Float grayStd;
  private final ValueScaling scaling;

  private ImageNormalization(String name, float[] mean, float[] std, @Nullable Float grayMean,
      @Nullable Float grayStd, ValueScaling scaling) {
    if (mean.length != 3 || std.length != 3) {
      throw VitpException.userError("Expected 3 channel means and stds. Received: mean="
          + Arrays.toString(mean) + " std=" + Arrays.toString(std));
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw VitpException.userError("Expected positive stds. Received: std=" + Arrays.toString(std));
      }
    }
    if ((grayMean == null) != (grayStd == null) || (grayStd != null && !(grayStd > 0))) {
      throw VitpException.userError("Expected both grayMean and a positive grayStd, or neither. "
          + "Received: grayMean=" + grayMean + " grayStd=" + grayStd);
    }
    this.name = name;
    this.mean = mean.clone();
    this.std = std.clone();
    this.grayMean = grayMean;
    this.grayStd = grayStd;
    this.scaling = scaling;
  }

  /** InternVL's default: RGB / 255, then ImageNet mean/std; gray images replicated. */
  public static ImageNormalization internVl() {
    return new ImageNormalization("internvl", IMAGENET_MEAN, IMAGENET_STD, null, null,
        ValueScaling.BIT_DEPTH);
  }

  public static ImageNormalization of(String name, float[] mean, float[] std, ValueScaling scaling) {
    return new ImageNormalization(name, mean, std, null, null, scaling);
  }

  /** The same RGB statistics, with own statistics for single-band images. */
  public ImageNormalization withGray(float mean, float std) {
    return new ImageNormalization(name, this.mean, this.std, mean, std, scaling);
  }

  public ImageNormalization withScaling(ValueScaling scaling) {
    return new ImageNormalization(name, mean, std, grayMean, grayStd, scaling);
  }

  public ImageNormalization withName(String name) {
    return new ImageNormalization(name, mean, std, grayMean, grayStd, scaling);
  }

  public String name() {
    return name;
  }

  public ValueScaling scaling() {
    return scaling;
  }

  /** The mean subtracted from channel {@code c} of an image that had {@code bands} bands. */
  public float mean(int c, int bands) {
    return bands == 1 && grayMean != null ? grayMean : mean[c];
  }

  /** The std dividing channel {@code c} of an image that had {@code bands} bands. */
  public float std(int c, int bands) {
    return bands == 1 && grayStd != null ? grayStd : std[c];
  }

  public float[] rgbMean() {
    return mean.clone();
  }

  public float[] rgbStd() {
    return std.clone();
  }

  public @Nullable Float grayMean() {
    return grayMean;
  }

  public @Nullable Float grayStd() {
    return grayStd;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ImageNormalization n && name.equals(n.name) && Arrays.equals(mean, n.mean)
        && Arrays.equals(std, n.std) && java.util.Objects.equals(grayMean, n.grayMean)
        && java.util.Objects.equals(grayStd, n.grayStd) && scaling == n.scaling;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, Arrays.hashCode(mean), Arrays.hashCode(std), grayMean,
        grayStd, scaling);
  }

  @Override
  public String toString() {
    return "ImageNormalization[" + name + " mean=" + Arrays.toString(mean) + " std="
        + Arrays.toString(std) + (grayMean == null ? "" : " gray=" + grayMean + "/" + grayStd)
        + " scaling=" + scaling + "]";
  }
}
