package dev.vitp.spi.data;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One grounding mention: {@code <ref>name</ref><box>[[…],[…]]</box>}. {@code ref} is null for a
 * bare {@code <box>} without a preceding {@code <ref>}.
 */
public record GroundingRef(@Nullable String ref, List<BoundingBox> boxes) {
  public GroundingRef {
    boxes = List.copyOf(boxes);
  }

  /** The InternVL text form. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    if (ref != null) {
      sb.append("<ref>").append(ref).append("</ref>");
    }
    sb.append("<box>[");
    for (int i = 0; i < boxes.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(boxes.get(i).format());
    }
    return sb.append("]</box>").toString();
  }
}
