package dev.vitp.plugins.tasks.heads;

import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.task.TaskSample;
import java.util.ArrayList;
import java.util.List;

/** Moving between samples, token sequences and feature maps. */
final class Maps {
  private Maps() {}

  /** Image {@code which} of every sample as {@code [B, 3, S, S]}. */
  static Tensor images(Step step, List<TaskSample> batch, int which) {
    int size = batch.get(0).size();
    int plane = 3 * size * size;
    float[] data = new float[batch.size() * plane];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).images().get(which), 0, data, i * plane, plane);
    }
    return step.constant(data, Shape.of(batch.size(), 3, size, size));
  }

  /** Both dates stacked, {@code [2B, 3, S, S]}: A of every sample, then B of every sample. */
  static Tensor bothDates(Step step, List<TaskSample> batch) {
    return step.math().concat(List.of(images(step, batch, 0), images(step, batch, 1)), 0);
  }

  /** Tokens {@code [B, 1 + G², C]} → patch map {@code [B, C, G, G]} (the CLS token dropped). */
  static Tensor patchMap(Step step, Tensor tokens, int grid) {
    var m = step.math();
    int b = tokens.shape().dim(0);
    int c = tokens.shape().dim(2);
    Tensor patches = m.slice(tokens, 1, 1, 1 + grid * grid);
    return m.transpose(m.reshape(patches, b, grid, grid, c), 0, 3, 1, 2);
  }

  /**
   * Up to four evenly spaced blocks to tap, ascending and distinct, ending with the last: depth 4
   * gives 1, 2, 3, 4; depth 12 gives 3, 6, 9, 12; depth 24 gives 6, 12, 18, 24.
   */
  static int[] taps(Backbone backbone) {
    int depth = backbone.depth();
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      int block = Math.max(1, (int) Math.round(depth * i / 4.0));
      if (out.isEmpty() || block > out.get(out.size() - 1)) {
        out.add(block);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Pixel class targets of every sample's mask, {@code [B·S·S]} in {@code NHW} order. */
  static int[] maskTargets(List<TaskSample> batch) {
    int size = batch.get(0).size();
    int n = size * size;
    int[] out = new int[batch.size() * n];
    for (int i = 0; i < batch.size(); i++) {
      int[] mask = batch.get(i).mask();
      if (mask == null) {
        java.util.Arrays.fill(out, i * n, (i + 1) * n, TaskSample.IGNORE);
      } else {
        System.arraycopy(mask, 0, out, i * n, n);
      }
    }
    return out;
  }
}
