package dev.vitp.toolkit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitp.spi.VitpException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

class NiftiProperties {
  private static float[] values(NiftiDataType t, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (t) {
        case FLOAT32, FLOAT64 -> (float) (r.nextDouble() * 2000 - 1000);
        case INT32 -> r.nextInt(-(1 << 24), 1 << 24);
        case UINT32 -> r.nextInt(0, 1 << 24);
        default -> (float) (t.min() + r.nextInt((int) (t.max() - t.min()) + 1));
      };
    }
    return v;
  }

  @Property(tries = 60)
  void writeThenReadGivesTheSameHeaderAndValues(@ForAll NiftiDataType type,
      @ForAll @IntRange(min = 1, max = 9) int nx, @ForAll @IntRange(min = 1, max = 7) int ny,
      @ForAll @IntRange(min = 1, max = 5) int nz, @ForAll boolean bigEndian, @ForAll boolean gzip,
      @ForAll @FloatRange(min = -4, max = 4) float slope, @ForAll @FloatRange(min = -1000, max = 1000) float inter,
      @ForAll long seed) {
    NiftiHeader h = NiftiHeader.of(type, nx, ny, nz, 0.7f, 0.8f, 2.5f)
        .withScaling(slope, inter).withDescrip("prop " + seed % 1000)
        .withByteOrder(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
        .withCal(-5, 17);
    float[] raw = values(type, nx * ny * nz, seed);
    NiftiVolume v = new NiftiVolume(h, raw);
    Path dir = tempDir();
    try {
      Path f = dir.resolve(gzip ? "v.nii.gz" : "v.nii");
      Nifti.write(f, v);
      NiftiVolume back = Nifti.read(f);
      assertEquals(h, back.header());
      assertArrayEquals(raw, back.raw());
      for (int z = 0; z < nz; z++) {
        float[] s = back.slice(z);
        for (int i = 0; i < s.length; i++) {
          float expected = slope != 0 ? raw[z * nx * ny + i] * slope + inter : raw[z * nx * ny + i];
          assertEquals(expected, s[i], 0f);
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  @Property(tries = 30)
  void truncatedOrForeignBytesAreUserErrors(@ForAll @IntRange(min = 0, max = 400) int cut,
      @ForAll long seed) {
    NiftiVolume v = new NiftiVolume(NiftiHeader.of(NiftiDataType.INT16, 4, 4, 2, 1, 1, 1),
        values(NiftiDataType.INT16, 32, seed));
    byte[] b = Nifti.encode(v);
    byte[] cutBytes = java.util.Arrays.copyOf(b, Math.min(cut, b.length - 1));
    assertThrows(VitpException.class, () -> Nifti.parse(cutBytes, "cut.nii"));
    byte[] foreign = b.clone();
    foreign[0] = 0x5c;
    foreign[3] = 0x02;
    assertThrows(VitpException.class, () -> Nifti.parse(foreign, "nifti2.nii"));
  }

  private static Path tempDir() {
    try {
      return java.nio.file.Files.createTempDirectory("vitp-nifti");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = java.nio.file.Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
