package dev.vitp.toolkit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.image.ImageTooLargeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every NIfTI header field the reader relies on is checked before it allocates or seeks. */
class NiftiBoundsTest {
  private static final int VOX_OFFSET = 108;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, 1e20f, Float.POSITIVE_INFINITY, -1, 0, 348, 351, 352.5f,
      100_000})
  void aVoxOffsetOutsideTheFileIsAOneLineUserError(float offset) {
    Path file = HostileFiles.write(dir.resolve("v.nii"),
        HostileFiles.niftiWithFloat(VOX_OFFSET, offset));
    VitpException e = assertThrows(VitpException.class, () -> Nifti.read(file));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertEquals("Expected a NIfTI-1 file with vox_offset a whole number from 352 to the file "
        + "size 400. Received: " + file + " with vox_offset=" + offset, e.getMessage());
    assertThrows(VitpException.class, () -> Nifti.readSlice(file, 0, 1000));
  }

  @Test
  void aVoxOffsetOfAGzipFileIsBoundedWithoutKnowingItsSize() throws Exception {
    Path gz = dir.resolve("v.nii.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(HostileFiles.niftiWithFloat(VOX_OFFSET, 1e20f));
    }
    VitpException e = assertThrows(VitpException.class, () -> Nifti.read(gz));
    assertTrue(e.getMessage().contains("vox_offset=1.0E20"), e.getMessage());
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(HostileFiles.niftiWithFloat(VOX_OFFSET, 368)); // data would start past the end
    }
    e = assertThrows(VitpException.class, () -> Nifti.read(gz));
    assertTrue(e.getMessage().contains("a file that ends"), e.getMessage());
  }

  @Test
  void aGzipBombIsRefusedFromItsHeader() {
    // 1024 x 1024 x 1240 uint8: 1.3 GB inflated from a file of ~1.3 MB.
    Path bomb = dir.resolve("bomb.nii.gz");
    HostileFiles.niftiGzBomb(bomb, new int[] {3, 1024, 1024, 1240, 1, 1, 1, 1}, 1 << 20, 1240);
    ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> Nifti.read(bomb));
    assertEquals("Expected a NIfTI volume of at most 89478485 voxels (--max-image-pixels). "
        + "Received: file=" + bomb + " with dims [1024, 1024, 1240] = 1300234240 voxels",
        e.getMessage());
    assertThrows(ImageTooLargeException.class, () -> Nifti.readSlice(bomb, -1,
        ImageLimits.DEFAULT_MAX_PIXELS));
  }

  @Property(tries = 15)
  void aVolumeReadsExactlyWhenItsVoxelsAreWithinTheBound(
      @ForAll @IntRange(min = 1, max = 6) int nx, @ForAll @IntRange(min = 1, max = 6) int ny,
      @ForAll @IntRange(min = 1, max = 6) int nz, @ForAll @IntRange(min = 1, max = 220) int bound)
      throws Exception {
    Path file = Files.createTempFile("vitp-bound", ".nii.gz");
    try {
      float[] raw = new float[nx * ny * nz];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = i % 251;
      }
      NiftiVolume v = new NiftiVolume(NiftiHeader.of(NiftiDataType.UINT8, nx, ny, nz, 1, 1, 1),
          raw);
      Nifti.write(file, v);
      if (raw.length <= bound) {
        assertArrayEquals(raw, Nifti.read(file, bound).raw());
        for (int z = 0; z < nz; z++) {
          assertArrayEquals(v.slice(z), Nifti.readSlice(file, z, bound).data());
        }
        assertArrayEquals(v.slice(nz / 2), Nifti.readSlice(file, -1, bound).data());
      } else {
        assertThrows(ImageTooLargeException.class, () -> Nifti.read(file, bound));
        assertThrows(ImageTooLargeException.class, () -> Nifti.readSlice(file, 0, bound));
      }
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void dimsAndDatatypesAreChecked() {
    byte[] good = HostileFiles.niftiWithFloat(VOX_OFFSET, 352);
    byte[] b = good.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(40, (short) 9);
    VitpException e = assertThrows(VitpException.class, () -> Nifti.parse(b, "d.nii"));
    assertEquals("Expected a NIfTI-1 file with dim[0] in 1..7. Received: d.nii with "
        + "dim=[9, 4, 3, 2, 1, 1, 1, 1]", e.getMessage());
    byte[] negative = good.clone();
    ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putShort(44, (short) -3);
    e = assertThrows(VitpException.class, () -> Nifti.parse(negative, "n.nii"));
    assertTrue(e.getMessage().startsWith("Expected a NIfTI-1 file with positive dimensions"),
        e.getMessage());
    byte[] complex = good.clone();
    ByteBuffer.wrap(complex).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 32);
    e = assertThrows(VitpException.class, () -> Nifti.parse(complex, "c.nii"));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertTrue(e.getMessage().endsWith("Received: datatype=32 in c.nii"), e.getMessage());
    byte[] huge = good.clone();
    ByteBuffer hb = ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 1; i <= 7; i++) {
      hb.putShort(40 + 2 * i, Short.MAX_VALUE); // 32767^7 voxels: overflows a long
    }
    hb.putShort(40, (short) 7);
    e = assertThrows(ImageTooLargeException.class, () -> Nifti.parse(huge, "h.nii"));
    assertTrue(e.getMessage().contains("over 2^63 voxels"), e.getMessage());
  }

  @Test
  void aTruncatedGzipIsAUserError() throws Exception {
    NiftiVolume v = new NiftiVolume(NiftiHeader.of(NiftiDataType.FLOAT32, 8, 8, 8, 1, 1, 1),
        new float[512]);
    Path full = dir.resolve("full.nii.gz");
    Nifti.write(full, v);
    byte[] bytes = Files.readAllBytes(full);
    Path cut = HostileFiles.write(dir.resolve("cut.nii.gz"),
        java.util.Arrays.copyOf(bytes, bytes.length / 2));
    VitpException e = assertThrows(VitpException.class, () -> Nifti.read(cut));
    assertEquals(ErrorCode.USER_ERROR, e.code());
  }
}
