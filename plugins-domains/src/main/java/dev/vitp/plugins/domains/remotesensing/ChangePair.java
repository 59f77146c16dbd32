package dev.vitp.plugins.domains.remotesensing;

import dev.vitp.plugins.domains.synth.Phrases;
import java.util.SplittableRandom;

/**
 * A bitemporal pair: the same scene before and after buildings were built (or, swapped,
 * demolished). Both dates share texture; each has its own illumination. The change mask is exactly
 * where the two segmentation masks differ.
 *
 * @param a the first date, 8-bit RGB
 * @param b the second date
 * @param change 255 where land cover changed, else 0
 * @param built buildings added from A to B (negative: demolished)
 */
public record ChangePair(byte[] a, byte[] b, byte[] change, int built, Scene sceneA, Scene sceneB) {
  private static final SceneClass[] CLASSES = {SceneClass.RESIDENTIAL, SceneClass.FARMLAND,
    SceneClass.BARE_LAND, SceneClass.INDUSTRIAL, SceneClass.FOREST};

  public static ChangePair generate(int size, SplittableRandom r) {
    SceneClass cls = Phrases.pick(r, CLASSES);
    long seed = r.nextLong();
    Scene before = SceneGenerator.generate(cls, size, seed);
    Scene after = SceneGenerator.generate(cls, size, seed);
    int want = r.nextDouble() < 0.2 ? 0 : 1 + r.nextInt(4);
    int added = SceneGenerator.addBuildings(after, r, want);
    boolean demolished = r.nextDouble() < 0.3;
    Scene first = demolished ? after : before;
    Scene second = demolished ? before : after;
    // Each date has its own illumination and tint, as two acquisitions do: pixel differencing alone
    // then flags every pixel, and a model must know what a building looks like.
    SceneRenderer.Look lookA = SceneRenderer.Look.random(r);
    SceneRenderer.Look lookB = SceneRenderer.Look.random(r);
    byte[] ma = first.mask();
    byte[] mb = second.mask();
    byte[] change = new byte[ma.length];
    for (int i = 0; i < ma.length; i++) {
      change[i] = ma[i] != mb[i] ? (byte) 255 : 0;
    }
    return new ChangePair(SceneRenderer.optical(first, lookA), SceneRenderer.optical(second, lookB),
        change, demolished ? -added : added, first, second);
  }
}
