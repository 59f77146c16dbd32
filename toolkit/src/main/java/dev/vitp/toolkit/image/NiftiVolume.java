package dev.vitp.toolkit.image;

import dev.vitp.spi.VitpException;

/**
 * A NIfTI-1 volume: its header and the raw stored values ({@code x} fastest, then {@code y}, then
 * {@code z}, …) as floats. Integers beyond 2^24 lose precision in this representation.
 */
public record NiftiVolume(NiftiHeader header, float[] raw) {
  public NiftiVolume {
    if (raw.length != header.voxels()) {
      throw VitpException.userError("Expected " + header.voxels() + " voxels for dims "
          + java.util.Arrays.toString(header.dim()) + ". Received: " + raw.length);
    }
  }

  /** The scaled value of voxel {@code i}: raw · scl_slope + scl_inter (when slope is set). */
  public float value(int i) {
    return scaled(header, raw[i]);
  }

  /** A stored value scaled by the header's scl_slope and scl_inter (when slope is set). */
  static float scaled(NiftiHeader h, float raw) {
    return h.sclSlope() != 0 && Float.isFinite(h.sclSlope())
        ? raw * h.sclSlope() + (Float.isFinite(h.sclInter()) ? h.sclInter() : 0)
        : raw;
  }

  /** Axial slice {@code z} of the first volume as scaled values, {@code nx·ny}, x fastest. */
  public float[] slice(int z) {
    int nx = header.nx();
    int ny = header.ny();
    if (z < 0 || z >= header.nz()) {
      throw VitpException.userError("Expected a slice in [0, " + header.nz() + "). Received: z=" + z);
    }
    float[] out = new float[nx * ny];
    int base = z * nx * ny;
    for (int i = 0; i < out.length; i++) {
      out[i] = value(base + i);
    }
    return out;
  }
}
