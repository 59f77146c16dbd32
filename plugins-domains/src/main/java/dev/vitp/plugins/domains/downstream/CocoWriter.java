package dev.vitp.plugins.domains.downstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.plugins.domains.instruct.Json;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Collects images and objects of one split and writes a COCO instances file: {@code bbox} is the
 * horizontal box {@code [x, y, w, h]}, {@code segmentation} the oriented box as one polygon,
 * {@code area} the object's pixel count. Category ids are 1-based in the given order.
 */
public final class CocoWriter {
  private final List<String> categories;
  private final ObjectNode root = Json.MAPPER.createObjectNode();
  private final ArrayNode images;
  private final ArrayNode annotations;
  private int imageId;
  private int annotationId;

  public CocoWriter(List<String> categories, String description) {
    this.categories = List.copyOf(categories);
    root.putObject("info").put("description", description).put("version", "1.0")
        .put("contributor", "vitp synthetic generator");
    images = root.putArray("images");
    annotations = root.putArray("annotations");
    ArrayNode cats = root.putArray("categories");
    for (int i = 0; i < categories.size(); i++) {
      cats.addObject().put("id", i + 1).put("name", categories.get(i)).put("supercategory", "object");
    }
  }

  /** Adds an image and its objects; returns the image id. */
  public int add(String fileName, int width, int height, List<Detection> objects) {
    int id = ++imageId;
    images.addObject().put("id", id).put("file_name", fileName).put("width", width)
        .put("height", height);
    for (Detection d : objects) {
      int cat = categories.indexOf(d.category());
      if (cat < 0) {
        throw VitpException.internal("unknown category " + d.category());
      }
      ObjectNode a = annotations.addObject();
      a.put("id", ++annotationId).put("image_id", id).put("category_id", cat + 1);
      a.putArray("bbox").add(d.x1()).add(d.y1()).add(d.width()).add(d.height());
      a.put("area", d.area() > 0 ? d.area() : d.width() * d.height());
      a.put("iscrowd", 0);
      ArrayNode poly = a.putArray("segmentation").addArray();
      for (double v : d.obb()) {
        poly.add(v);
      }
    }
    return id;
  }

  public void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Json.MAPPER.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable COCO path. Received: file=" + file, e);
    }
  }
}
