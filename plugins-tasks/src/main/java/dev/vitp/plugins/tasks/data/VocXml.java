package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.task.TaskKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Pascal VOC xml as DIOR and DIOR-R ship it: {@code split/JPEGImages/00001.jpg} with {@code
 * split/Annotations/00001.xml} (or DIOR's {@code Annotations/Horizontal Bounding Boxes/} and {@code
 * Annotations/Oriented Bounding Boxes/}). Horizontal boxes come from {@code <bndbox>}; oriented
 * ones from {@code <robndbox>}, either DIOR-R's corners ({@code x_left_top, y_left_top, …}) or
 * roLabelImg's {@code cx, cy, w, h, angle} (radians). Class names are lower-cased, as
 * mmrotate's DIOR reader does.
 */
final class VocXml implements DatasetFormat {
  static final List<String> DIOR = List.of("airplane", "airport", "baseballfield",
      "basketballcourt", "bridge", "chimney", "dam", "expressway-service-area",
      "expressway-toll-station", "golffield", "groundtrackfield", "harbor", "overpass", "ship",
      "stadium", "storagetank", "tenniscourt", "trainstation", "vehicle", "windmill");

  private final String name;
  private final boolean oriented;
  private final @Nullable List<String> classes;

  VocXml(String name, boolean oriented, @Nullable List<String> classes) {
    this.name = name;
    this.oriented = oriented;
    this.classes = classes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TaskKind kind() {
    return TaskKind.DETECTION;
  }

  @Override
  public String description() {
    return "split/JPEGImages + split/Annotations/*.xml, VOC " + (oriented ? "<robndbox> (DIOR-R)"
        : "<bndbox> (DIOR)");
  }

  @Override
  public @Nullable List<String> classes() {
    return classes;
  }

  @Override
  public boolean oriented() {
    return oriented;
  }

  /** The folder of xml files this variant reads, or null. */
  @Nullable Path annotations(Path split) {
    Path ann = null;
    for (Path d : Pixels.folders(split)) {
      if (d.getFileName().toString().equalsIgnoreCase("annotations")) {
        ann = d;
      }
    }
    if (ann == null) {
      return null;
    }
    String want = oriented ? "oriented" : "horizontal";
    for (Path d : Pixels.folders(ann)) {
      if (d.getFileName().toString().toLowerCase(Locale.ROOT).startsWith(want)) {
        return d;
      }
    }
    return hasXml(ann) ? ann : null;
  }

  private static boolean hasXml(Path dir) {
    return Pixels.files(dir).stream().anyMatch(f -> Pixels.extension(f).equals("xml"));
  }

  /** DIOR-R when only oriented annotations exist, DIOR otherwise. */
  @Override
  public boolean autoDetect(Path split) {
    if (!detect(split)) {
      return false;
    }
    Path horizontal = new VocXml("dior", false, null).annotations(split);
    boolean onlyOriented = horizontal == null;
    return oriented == onlyOriented;
  }

  @Override
  public boolean detect(Path split) {
    Path ann = annotations(split);
    return ann != null && hasXml(ann);
  }

  private static Path imageFolder(Path split) {
    for (Path d : Pixels.folders(split)) {
      String n = d.getFileName().toString().toLowerCase(Locale.ROOT);
      if (n.equals("jpegimages") || n.startsWith("jpegimages") || n.equals("images")) {
        return d;
      }
    }
    return split.resolve("JPEGImages");
  }

  @Override
  public List<Item> scan(Path split, SkipLog<String> skips) {
    Path ann = annotations(split);
    if (ann == null) {
      return List.of();
    }
    Path images = imageFolder(split);
    DocumentBuilder parser = parser();
    List<Item> items = new ArrayList<>();
    for (Path xml : Pixels.files(ann)) {
      if (!Pixels.extension(xml).equals("xml")) {
        continue;
      }
      try {
        items.add(read(parser, xml, images));
      } catch (BadFile e) {
        e.skipIn(skips);
      }
    }
    return items;
  }

  static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // Annotation files are data: no DTDs, no external entities.
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK's XML parser lacks secure processing", e);
    }
  }

  BoxEntry read(DocumentBuilder parser, Path xml, Path images) {
    Document doc;
    try {
      parser.reset();
      parser.setErrorHandler(null);
      doc = parser.parse(xml.toFile());
    } catch (SAXException | IOException e) {
      throw new BadFile(xml, BadFile.BAD_ANNOTATION, "not well-formed xml: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    String fileName = text(root, "filename");
    Path image = fileName != null && !fileName.isBlank()
        && java.nio.file.Files.isRegularFile(images.resolve(fileName.strip()))
        ? images.resolve(fileName.strip()) : BoxEntry.image(images, Pixels.stem(xml), xml);
    List<BoxEntry.NamedBox> boxes = new ArrayList<>();
    NodeList objects = root.getElementsByTagName("object");
    for (int i = 0; i < objects.getLength(); i++) {
      Element o = (Element) objects.item(i);
      String name = text(o, "name");
      if (name == null || name.isBlank()) {
        throw new BadFile(xml, BadFile.BAD_ANNOTATION, "object " + (i + 1) + " has no <name>");
      }
      String cls = name.toLowerCase(Locale.ROOT);
      boolean difficult = "1".equals(text(o, "difficult"));
      Element rb = child(o, "robndbox");
      Element bb = child(o, "bndbox");
      if (oriented && rb != null) {
        boxes.add(new BoxEntry.NamedBox(cls.strip(), rotated(xml, rb), true, difficult));
      } else if (bb != null) {
        float[] b = {num(xml, bb, "xmin"), num(xml, bb, "ymin"), num(xml, bb, "xmax"),
            num(xml, bb, "ymax")};
        if (oriented) {
          boxes.add(new BoxEntry.NamedBox(cls.strip(),
              new float[] {b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3]}, true, difficult));
        } else {
          boxes.add(new BoxEntry.NamedBox(cls.strip(), b, false, difficult));
        }
      } else if (rb != null) {
        float[] c = rotated(xml, rb);
        float x1 = Math.min(Math.min(c[0], c[2]), Math.min(c[4], c[6]));
        float x2 = Math.max(Math.max(c[0], c[2]), Math.max(c[4], c[6]));
        float y1 = Math.min(Math.min(c[1], c[3]), Math.min(c[5], c[7]));
        float y2 = Math.max(Math.max(c[1], c[3]), Math.max(c[5], c[7]));
        boxes.add(new BoxEntry.NamedBox(cls.strip(), new float[] {x1, y1, x2, y2}, false,
            difficult));
      } else {
        throw new BadFile(xml, BadFile.BAD_ANNOTATION, "object " + (i + 1)
            + " has neither <bndbox> nor <robndbox>");
      }
    }
    return new BoxEntry(image, xml, boxes);
  }

  /** The four corners of a {@code <robndbox>} in either convention. */
  private static float[] rotated(Path xml, Element rb) {
    if (child(rb, "x_left_top") != null) {
      return new float[] {num(xml, rb, "x_left_top"), num(xml, rb, "y_left_top"),
          num(xml, rb, "x_right_top"), num(xml, rb, "y_right_top"),
          num(xml, rb, "x_right_bottom"), num(xml, rb, "y_right_bottom"),
          num(xml, rb, "x_left_bottom"), num(xml, rb, "y_left_bottom")};
    }
    float cx = num(xml, rb, "cx");
    float cy = num(xml, rb, "cy");
    float w = num(xml, rb, "w");
    float h = num(xml, rb, "h");
    double a = num(xml, rb, "angle");
    double c = Math.cos(a);
    double s = Math.sin(a);
    float[] out = new float[8];
    double[][] d = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
    for (int i = 0; i < 4; i++) {
      out[2 * i] = (float) (cx + d[i][0] * c - d[i][1] * s);
      out[2 * i + 1] = (float) (cy + d[i][0] * s + d[i][1] * c);
    }
    return out;
  }

  private static @Nullable Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static @Nullable String text(Element parent, String tag) {
    Element e = child(parent, tag);
    return e == null ? null : e.getTextContent();
  }

  private static float num(Path xml, Element parent, String tag) {
    String t = text(parent, tag);
    if (t == null) {
      throw new BadFile(xml, BadFile.BAD_ANNOTATION, "missing <" + tag + ">");
    }
    return BoxEntry.parse(xml, 0, t.strip());
  }
}
