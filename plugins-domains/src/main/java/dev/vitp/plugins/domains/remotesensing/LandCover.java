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

  public static List<String> labels() {
    List<String> l = new ArrayList<>();
    for (LandCover c : values()) {
      l.add(c.label);
    }
    return l;
  }
}
