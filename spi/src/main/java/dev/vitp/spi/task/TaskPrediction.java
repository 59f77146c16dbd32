package dev.vitp.spi.task;

import dev.vitp.spi.image.LabelImage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a head predicts for one sample.
 *
 * @param label the predicted class (classification), else -1
 * @param probabilities class probabilities (classification), else null
 * @param mask predicted class ids: at the sample's {@code fullMask} resolution when it has one,
 *     else at input resolution (segmentation, change detection), else null
 * @param boxes scored boxes in the sample's input pixels (detection), else empty
 */
public record TaskPrediction(int label, float @Nullable [] probabilities,
    @Nullable LabelImage mask, List<TaskBox> boxes) {
  public TaskPrediction {
    boxes = List.copyOf(boxes);
  }

  public static TaskPrediction label(int label, float[] probabilities) {
    return new TaskPrediction(label, probabilities, null, List.of());
  }

  public static TaskPrediction mask(LabelImage mask) {
    return new TaskPrediction(-1, null, mask, List.of());
  }

  public static TaskPrediction boxes(List<TaskBox> boxes) {
    return new TaskPrediction(-1, null, null, boxes);
  }
}
