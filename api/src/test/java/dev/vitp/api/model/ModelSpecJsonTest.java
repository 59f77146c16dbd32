package dev.vitp.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ModelSpecJsonTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void presetsRoundTripThroughRunMetadata() throws Exception {
    ModelSpec nano = Presets.get("nano");
    assertEquals(nano, json.readValue(json.writeValueAsString(nano), ModelSpec.class));
    assertEquals(2 * 16 + 48, nano.decoderPositions());
  }

  @Test
  void runsSavedBeforeImageSlotsResumeWithOneSlot() throws Exception {
    ObjectNode saved = json.valueToTree(Presets.get("nano"));
    ((ObjectNode) saved.get("decoder")).remove("imagesPerSample");
    ModelSpec old = json.treeToValue(saved, ModelSpec.class);
    assertEquals(1, old.decoder().imagesPerSample());
    assertEquals(16 + 48, old.decoderPositions()); // the position table those checkpoints hold
  }
}
