package dev.vitp.plugins.domains.remotesensing;

import java.util.ArrayList;
import java.util.List;

/** Object categories of the detection sets and the grounding/counting questions. */
public enum ObjectType {
  AIRPLANE("airplane", "airplanes", LandCover.VEHICLE),
  SHIP("ship", "ships", LandCover.VEHICLE),
  VEHICLE("vehicle", "vehicles", LandCover.VEHICLE),
  STORAGE_TANK("storage tank", "storage tanks", LandCover.BUILDING),
  BUILDING("building", "buildings", LandCover.BUILDING);

  private final String singular;
  private final String plural;
  private final LandCover mask;

  ObjectType(String singular, String plural, LandCover mask) {
    this.singular = singular;
    this.plural = plural;
    this.mask = mask;
  }

  public String singular() {
    return singular;
  }

  public String plural() {
    return plural;
  }

  /** The land-cover class its pixels carry in segmentation masks. */
  public LandCover mask() {
    return mask;
  }

  public static List<String> names() {
    List<String> l = new ArrayList<>();
    for (ObjectType t : values()) {
      l.add(t.singular);
    }
    return l;
  }
}
