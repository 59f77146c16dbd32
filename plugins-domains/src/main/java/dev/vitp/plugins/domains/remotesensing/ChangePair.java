package dev.vitp.plugins.domains.remotesensing;

import dev.vitp.plugins.domains.synth.Phrases;
import java.util.SplittableRandom;

/**
 * A bitemporal pair: the same scene before and after buildings were built (or, swapped,
 * demolished). Both dates share texture; each has its own acquisition (mean colour, contrast,
 * palette, season) and the second is shifted by up to 2 pixels (registration error). The change
 * mask is exactly where the two segmentation masks differ, in the first date's frame.
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
    int want = r.nextInt(5); // 0..4 new buildings, uniformly
    int added = SceneGenerator.addBuildings(after, r, want);
    boolean demolished = r.nextBoolean();
    Scene first = demolished ? after : before;
    Scene second = demolished ? before : after;
    // Each date is its own acquisition: its own mean colour, contrast and palette, a season apart
    // (vegetation green at one date, straw at the other), and registered to the first only within
    // a pixel or two. Pixel differencing flags nearly everything; a model must know what a
    // building looks like.
    SceneRenderer.Look lookA = SceneRenderer.Look.random(r);
    float seasonShift = (0.3f + 0.5f * r.nextFloat()) * (lookA.season() > 0.5f ? -1 : 1);
    SceneRenderer.Look lookB = SceneRenderer.Look.random(r)
        .withSeason(Math.max(0, Math.min(1, lookA.season() + seasonShift)), r.nextLong());
    int dx = r.nextInt(5) - 2;
    int dy = r.nextInt(5) - 2;
    byte[] ma = first.mask();
    byte[] mb = second.mask();
    byte[] change = new byte[ma.length];
    for (int i = 0; i < ma.length; i++) {
      change[i] = ma[i] != mb[i] ? (byte) 255 : 0;
    }
    byte[] imageB = SceneRenderer.shifted(SceneRenderer.optical(second, lookB), size, dx, dy);
    return new ChangePair(SceneRenderer.optical(first, lookA), imageB, change,
        demolished ? -added : added, first, second);
  }
}
