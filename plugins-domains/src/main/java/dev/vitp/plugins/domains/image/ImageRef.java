package dev.vitp.plugins.domains.image;

import java.nio.file.Path;

/**
 * A resolved image of a record: a file inside its dataset root, and for a NIfTI volume the axial
 * slice named by a {@code #<index>} suffix ({@code ct/case_01.nii.gz#12}); {@code -1} otherwise.
 */
public record ImageRef(Path file, int slice) {
  public static ImageRef of(Path file) {
    return new ImageRef(file, -1);
  }

  /** Whether the file name ends with {@code .nii} or {@code .nii.gz}. */
  public static boolean isNifti(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".nii") || n.endsWith(".nii.gz");
  }

  @Override
  public String toString() {
    return slice < 0 ? file.toString() : file + "#" + slice;
  }
}
