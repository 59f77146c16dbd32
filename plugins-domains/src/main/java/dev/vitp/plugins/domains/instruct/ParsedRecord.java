package dev.vitp.plugins.domains.instruct;

import dev.vitp.plugins.domains.image.ImageRef;
import dev.vitp.spi.data.GroundingRef;
import dev.vitp.spi.data.InstructionRecord;
import java.util.List;

/**
 * A record that passed validation: normalised ({@code <image>} placeholders present), with its
 * images resolved inside the dataset root and its grounding boxes parsed.
 *
 * @param dataset the recipe entry
 * @param source {@code file:line}
 * @param notes things noticed (unknown fields), for the skip log
 */
public record ParsedRecord(String dataset, String source, InstructionRecord record,
    List<ImageRef> images, List<GroundingRef> grounding, List<String> notes) {
  public ParsedRecord {
    images = List.copyOf(images);
    grounding = List.copyOf(grounding);
    notes = List.copyOf(notes);
  }

  public boolean hasBoxes() {
    return !grounding.isEmpty();
  }
}
