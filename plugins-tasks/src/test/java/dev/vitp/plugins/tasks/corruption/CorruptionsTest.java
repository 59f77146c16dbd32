package dev.vitp.plugins.tasks.corruption;

import static dev.vitp.plugins.tasks.corruption.CorruptionContractTest.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import dev.vitp.conformance.contracts.CorruptionContract;
import dev.vitp.conformance.contracts.CorruptionContract.Texture;
import dev.vitp.plugins.tasks.TasksPlugin;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.CorruptionConfig;
import dev.vitp.spi.CorruptionFactory;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.corruption.Corruption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the contract cannot say about one corruption in particular, and the registration. */
class CorruptionsTest {
  private static final List<String> NAMES = List.of("brightness-contrast", "cloud", "jpeg",
      "data-gaps", "gaussian-blur", "gaussian-noise", "haze", "motion-blur", "rotation",
      "salt-and-pepper", "scale", "translation");
  private static final int SIZE = 64;

  private static float[] textured(int bands, long seed) {
    return CorruptionContract.image(Texture.TEXTURED, SIZE, SIZE, bands, seed);
  }

  @Test
  void theTwelveAreRegisteredUnderTheirNames() {
    TasksPlugin plugin = new TasksPlugin();
    List<String> names = plugin.corruptions().stream().map(CorruptionFactory::name).toList();
    assertEquals(NAMES, names);
    assertEquals(names, ComponentKind.CORRUPTION.factoriesOf(plugin).stream()
        .map(f -> f.name()).toList());
    assertEquals(12, plugin.corruptions().stream().map(CorruptionFactory::configType)
        .distinct().count(), "one config class per name, for Jackson's named types");
    plugin.corruptions().forEach(f -> assertFalse(f.description().isBlank(), f.name()));
  }

  @Test
  void aNameIsTheWholeConfigInJson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (CorruptionFactory f : new TasksPlugin().corruptions()) {
      mapper.registerSubtypes(new NamedType(f.configType(), f.name()));
    }
    for (String name : NAMES) {
      CorruptionConfig config =
          mapper.readValue("{\"type\": \"" + name + "\"}", CorruptionConfig.class);
      assertEquals("{\"type\":\"" + name + "\"}", mapper.writeValueAsString(config));
    }
    assertInstanceOf(Jpeg.Config.class,
        mapper.readValue("{\"type\": \"jpeg\"}", CorruptionConfig.class));
  }

  @Test
  void onlyRotationScaleAndTranslationAreGeometric() {
    Set<String> geometric = Set.of("rotation", "scale", "translation");
    for (String name : NAMES) {
      assertEquals(geometric.contains(name), named(name).geometric(), name);
    }
  }

  @Test
  void jpegAtQualityTenDiffersFromTheOriginalInEveryBandLayout() {
    for (int bands : new int[] {1, 2, 3}) {
      float[] image = textured(bands, 7);
      float[] out = named("jpeg").apply(image, SIZE, SIZE, 5, 0);
      double change = meanAbsDiff(image, out);
      assertTrue(change > 0.01, "bands=" + bands + ": mean change " + change);
      // At the mildest level it is still the same picture.
      double mild = meanAbsDiff(image, named("jpeg").apply(image, SIZE, SIZE, 1, 0));
      assertTrue(mild < change, "bands=" + bands + ": quality 80 " + mild + ", 10 " + change);
    }
  }

  @Test
  void saltAndPepperOnlySetsWholePixelsToBlackOrWhite() {
    float[] image = textured(3, 11);
    float[] out = named("salt-and-pepper").apply(image, SIZE, SIZE, 5, 3);
    int plane = SIZE * SIZE;
    int hit = 0;
    for (int p = 0; p < plane; p++) {
      boolean changed = false;
      for (int b = 0; b < 3; b++) {
        changed |= out[b * plane + p] != image[b * plane + p];
      }
      if (changed) {
        hit++;
        float v = out[p];
        assertTrue(v == 0f || v == 1f, "pixel " + p + " set to " + v);
        assertEquals(v, out[plane + p], "every band of pixel " + p);
        assertEquals(v, out[2 * plane + p], "every band of pixel " + p);
      }
    }
    double fraction = (double) hit / plane;
    assertTrue(Math.abs(fraction - SaltAndPepper.FRACTION[4]) < 0.03, "hit " + fraction);
  }

  @Test
  void dataGapsAndCloudsCoverTheirTablesShare() {
    float[] gray = new float[SIZE * SIZE];
    Arrays.fill(gray, 0.5f);
    for (int s = 1; s <= Corruption.MAX_SEVERITY; s++) {
      float[] gaps = named("data-gaps").apply(gray, SIZE, SIZE, s, 5);
      double missing = fraction(gaps, v -> v == 0f);
      double target = Math.ceil(DataGaps.AREA[s - 1] * SIZE * SIZE) / (SIZE * SIZE);
      assertEquals(target, missing, 1e-9, "severity " + s);
      float[] cloud = named("cloud").apply(gray, SIZE, SIZE, s, 5);
      // Opacity above one half: brighter than halfway from 0.5 to white.
      double cover = fraction(cloud, v -> v > 0.75f);
      assertEquals(Cloud.COVER[s - 1], cover, 0.02, "severity " + s);
    }
  }

  @Test
  void badArgumentsAreOneLineUserErrors() {
    Corruption noise = named("gaussian-noise");
    float[] image = new float[3 * 4 * 4];
    assertUserError(() -> noise.apply(image, 4, 4, 6, 0), "severity=6");
    assertUserError(() -> noise.apply(image, 4, 4, -1, 0), "severity=-1");
    assertUserError(() -> noise.apply(image, 5, 4, 1, 0), "length=48");
    assertUserError(() -> noise.apply(new float[0], 4, 4, 0, 0), "length=0");
    assertUserError(() -> noise.apply(image, 0, 4, 1, 0), "width=0");
    assertUserError(() -> noise.apply(image, 4, -2, 1, 0), "height=-2");
  }

  private static void assertUserError(Runnable call, String received) {
    VitpException e = assertThrows(VitpException.class, call::run);
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().startsWith("Expected ") && e.getMessage().contains(received)
        && !e.getMessage().contains("\n"), e.getMessage());
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  private interface FloatTest {
    boolean test(float v);
  }

  private static double fraction(float[] a, FloatTest test) {
    int n = 0;
    for (float v : a) {
      n += test.test(v) ? 1 : 0;
    }
    return (double) n / a.length;
  }
}
