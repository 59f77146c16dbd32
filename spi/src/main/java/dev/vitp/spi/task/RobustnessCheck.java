package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.corruption.Corruption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fine-tuning run scores its best model on after training, beside the clean validation
 * set: the validation set under each corruption at each severity.
 *
 * @param corruptions name → corruption, in report order
 * @param severities the levels, each in 1..{@link Corruption#MAX_SEVERITY}, ascending
 * @param seed the corruptions' random choices derive from it (the same for every model compared)
 */
public record RobustnessCheck(Map<String, Corruption> corruptions, List<Integer> severities,
    long seed) {
  public RobustnessCheck {
    corruptions = Collections.unmodifiableMap(new LinkedHashMap<>(corruptions));
    severities = List.copyOf(severities);
    if (corruptions.isEmpty() || severities.isEmpty()) {
      throw VitpException.userError("Expected at least one corruption and one severity. "
          + "Received: corruptions=" + corruptions.keySet() + ", severities=" + severities);
    }
    for (int i = 0; i < severities.size(); i++) {
      int s = severities.get(i);
      if (s < 1 || s > Corruption.MAX_SEVERITY || (i > 0 && s <= severities.get(i - 1))) {
        throw VitpException.userError("Expected distinct ascending severities in 1.."
            + Corruption.MAX_SEVERITY + ". Received: severities=" + severities);
      }
    }
  }
}
