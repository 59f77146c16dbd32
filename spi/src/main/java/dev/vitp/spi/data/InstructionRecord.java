package dev.vitp.spi.data;

import java.util.List;

/**
 * One visual instruction record in the InternVL/LLaVA format: images (paths relative to the
 * dataset root) and a conversation whose assistant turns are the training targets.
 */
public record InstructionRecord(String id, List<String> images, List<Turn> conversations) {
  public InstructionRecord {
    images = List.copyOf(images);
    conversations = List.copyOf(conversations);
  }
}
