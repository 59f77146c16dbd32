package dev.vitp.plugins.tasks.finetune;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.corruption.Corruption;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.task.RobustnessCheck;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Corrupted copies of validation samples for robustness scores. Samples hold normalised planes
 * at the backbone's input size; a corruption works on [0, 1] values, so each image is brought
 * back to [0, 1], corrupted at that size, and normalised again. Labels are kept, which is why
 * corruptions that move pixels are refused for tasks whose labels are positions (masks, boxes).
 */
final class CorruptedSamples {
  private CorruptedSamples() {}

  /** Refuses geometric corruptions for tasks other than classification, before any training. */
  static void checkTask(RobustnessCheck check, TaskKind kind, String task) {
    if (kind == TaskKind.CLASSIFICATION) {
      return;
    }
    List<String> geometric = check.corruptions().entrySet().stream()
        .filter(e -> e.getValue().geometric()).map(java.util.Map.Entry::getKey).toList();
    if (!geometric.isEmpty()) {
      throw VitpException.userError("Expected corruptions that keep pixels in place for task "
          + task + " (its labels are positions, which " + geometric + " would move away from). "
          + "Received: " + geometric + "; leave them out, or score them on classification");
    }
  }

  /**
   * Every sample with each of its images corrupted at {@code severity}; the random choices of
   * sample i's image j derive from {@code seed}, the sample's id and j, so every model compared
   * sees the same corrupted images.
   */
  static List<TaskSample> of(List<TaskSample> samples, Corruption corruption, int severity,
      long seed, ImageNormalization normalization) {
    List<TaskSample> out = new ArrayList<>(samples.size());
    for (TaskSample s : samples) {
      List<float[]> images = new ArrayList<>(s.images().size());
      for (int j = 0; j < s.images().size(); j++) {
        long imageSeed = seed * 1_000_003L + s.id().hashCode() * 31L + j;
        float[] unit = toUnit(s.images().get(j), s.size(), normalization);
        float[] corrupted = corruption.apply(unit, s.size(), s.size(), severity, imageSeed);
        if (corrupted.length != unit.length) {
          throw VitpException.internal("corruption returned " + corrupted.length + " values for "
              + unit.length);
        }
        images.add(normalize(corrupted, s.size(), normalization));
      }
      out.add(new TaskSample(s.id(), s.size(), images, s.label(), s.mask(), s.boxes(), s.width(),
          s.height(), s.fullMask()));
    }
    return out;
  }

  /** Normalised RGB planes back to [0, 1] (clamped: float rounding may step just outside). */
  private static float[] toUnit(float[] normalised, int size, ImageNormalization n) {
    int plane = size * size;
    float[] unit = new float[normalised.length];
    for (int c = 0; c < 3; c++) {
      float mean = n.mean(c, 3);
      float std = n.std(c, 3);
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        unit[i] = Math.min(1f, Math.max(0f, normalised[i] * std + mean));
      }
    }
    return unit;
  }

  private static float[] normalize(float[] unit, int size, ImageNormalization n) {
    int plane = size * size;
    float[] normalised = new float[unit.length];
    for (int c = 0; c < 3; c++) {
      float mean = n.mean(c, 3);
      float std = n.std(c, 3);
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        normalised[i] = (unit[i] - mean) / std;
      }
    }
    return normalised;
  }
}
