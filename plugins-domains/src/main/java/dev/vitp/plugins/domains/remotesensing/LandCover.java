package dev.vitp.plugins.domains.remotesensing;

import java.util.ArrayList;
import java.util.List;

/**
 * Land-cover classes of the segmentation masks (mask PNG value = ordinal). Buildings and storage
 * tanks are {@link #BUILDING}; airplanes, ships and cars are {@link #VEHICLE}.
 */
public enum LandCover {
  BACKGROUND("background"),
  BUILDING("building"),
  ROAD("road"),
  WATER("water"),
  BARREN("barren"),
  FOREST("forest"),
  AGRICULTURE("agriculture"),
  VEHICLE("vehicle");

  private static final LandCover[] BY_ID = values();

  private final String label;

  LandCover(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Mask value. */
  public int id() {
    return ordinal();
  }

  /** The class of a mask value (no array copy, for per-pixel use). */
  public static LandCover of(int id) {
    return BY_ID[id];
  }

  public static List<String> labels() {
    List<String> l = new ArrayList<>();
    for (LandCover c : values()) {
      l.add(c.label);
    }
    return l;
  }
}
