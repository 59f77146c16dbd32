package dev.vitp.plugins.domains.remotesensing;

import java.util.ArrayList;
import java.util.List;

/**
 * Scene categories, each a distinct land-cover mix and layout so that the class is visible in the
 * pixels: a runway with aircraft, a patchwork of fields, a coast with piers and ships …
 */
public enum SceneClass {
  AIRPORT("airport", "an airport"),
  BARE_LAND("bare-land", "bare land"),
  FARMLAND("farmland", "farmland"),
  FOREST("forest", "a forest"),
  HARBOR("harbor", "a harbor"),
  INDUSTRIAL("industrial", "an industrial area"),
  LAKE("lake", "a lake"),
  RESIDENTIAL("residential", "a residential area"),
  RIVER("river", "a river"),
  HIGHWAY("highway", "a highway");

  private final String folder;
  private final String phrase;

  SceneClass(String folder, String phrase) {
    this.folder = folder;
    this.phrase = phrase;
  }

  /** The class folder name and the short answer. */
  public String folder() {
    return folder;
  }

  /** The name as it reads in a sentence ({@code an industrial area}). */
  public String phrase() {
    return phrase;
  }

  /** The short answer to "what scene is this?" ({@code bare land}). */
  public String label() {
    return folder.replace('-', ' ');
  }

  public static List<String> folders() {
    List<String> l = new ArrayList<>();
    for (SceneClass c : values()) {
      l.add(c.folder);
    }
    return l;
  }
}
