package dev.vitp.api.model;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.SplittableRandom;

/**
 * Which patches of each image MAE hides: a random permutation per image, its first {@code
 * floor(N·(1 − ratio))} patches visible (at least one, and at least one hidden), as MAE's {@code
 * random_masking} does with {@code len_keep = int(L * (1 - mask_ratio))}.
 *
 * @param visible the visible patches of each image, in permutation order (what the encoder sees)
 * @param masked the hidden patches of each image, in permutation order (what the loss scores)
 */
public record MaeMask(KeptTokens visible, KeptTokens masked) {
  /** Draws a mask for {@code images} images of {@code patches} patches each. */
  public static MaeMask random(int images, int patches, float ratio, SplittableRandom random) {
    if (!(ratio > 0f && ratio < 1f) || patches < 2 || images < 1) {
      throw VitpException.userError("Expected a mask ratio in (0, 1), at least 2 patches and 1 "
          + "image. Received: ratio=" + ratio + ", patches=" + patches + ", images=" + images);
    }
    int keep = Math.min(patches - 1, Math.max(1, (int) (patches * (1.0 - ratio))));
    int[][] visible = new int[images][keep];
    int[][] masked = new int[images][patches - keep];
    for (int i = 0; i < images; i++) {
      int[] order = new int[patches];
      for (int p = 0; p < patches; p++) {
        order[p] = p;
      }
      for (int p = patches - 1; p > 0; p--) { // Fisher–Yates
        int j = random.nextInt(p + 1);
        int t = order[p];
        order[p] = order[j];
        order[j] = t;
      }
      System.arraycopy(order, 0, visible[i], 0, keep);
      System.arraycopy(order, keep, masked[i], 0, patches - keep);
    }
    return new MaeMask(KeptTokens.of(patches, visible), KeptTokens.of(patches, masked));
  }
}
