package dev.vitp.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The FLOP count behind {@code vitp bench}'s GFLOP/s, against hand counts. */
class TrainingFlopsTest {
  @Test
  void nanoCountsItsMatrixProductsThreeTimesForForwardAndBackward() {
    ModelSpec nano = Presets.get("nano");
    // By hand, forward: patch embedding 2*64*192*128 = 3,145,728; each of 4 ViT blocks over 65
    // tokens of width 128 = 6,389,760 (qkv) + 2,129,920 (proj) + 17,039,360 (MLP) + 2,163,200
    // (attention) = 27,722,240; projector 2*16*512*128 + 2*16*128*128 = 2,621,440; each of 2
    // decoder blocks over 16 + 48 = 64 tokens = 6,291,456 + 2,097,152 + 16,777,216 + 2,097,152 =
    // 27,262,976; language head 2*48*128*512 = 6,291,456.
    double forward = 3_145_728 + 4 * 27_722_240.0 + 2_621_440 + 2 * 27_262_976.0 + 6_291_456;
    assertEquals(3 * forward, nano.trainingFlopsPerImage(16, 512), 1.0);
    assertEquals(0.53e9, nano.trainingFlopsPerImage(16, 512), 0.01e9); // the figure
  }

  @Test
  void vitForwardIsThePatchEmbeddingAndTheBlocks() {
    // The same hand counts as above: what `vitp bench --inference` and `vitp embed` compute.
    assertEquals(3_145_728 + 4 * 27_722_240.0, Presets.get("nano").vitForwardFlopsPerImage(), 1.0);
    // InternViT-300M at 448 px: 1025 tokens of width 1024, 24 blocks, 32×32 patches of 14×14.
    double block = 2.0 * 1025 * 1024 * 3 * 1024 + 2.0 * 1025 * 1024 * 1024
        + 4.0 * 1025 * 4096 * 1024 + 4.0 * 1025 * 1025 * 1024;
    double patches = 2.0 * 1024 * 3 * 14 * 14 * 1024;
    assertEquals(patches + 24 * block, Presets.get("internvit-300m").vitForwardFlopsPerImage(),
        1e3);
  }

  @Test
  void droppingImageTokensShortensOnlyTheDecodersSequence() {
    ModelSpec nano = Presets.get("nano");
    double all = nano.trainingFlopsPerImage(16, 512);
    double kept4 = nano.trainingFlopsPerImage(4, 512);
    assertTrue(kept4 < all);
    // 12 tokens fewer in each of 2 decoder blocks: linear layers 2*12*128*(3+1+8)*128 each, and
    // the dense attention products 4*128*(64^2 - 52^2).
    double linear = 2.0 * 12 * 128 * 12 * 128;
    double attention = 4.0 * 128 * (64 * 64 - 52 * 52);
    assertEquals(3 * 2 * (linear + attention), all - kept4, 1.0);
  }
}
