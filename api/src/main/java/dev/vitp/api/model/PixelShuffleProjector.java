package dev.vitp.api.model;

import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.Linear;
import dev.vitp.spi.nn.ParameterScope;

/**
 * InternVL's projector: drop CLS, pixel shuffle 0.5 (token (r, c) concatenates patches (2r, 2c),
 * (2r, 2c+1), (2r+1, 2c), (2r+1, 2c+1)), then {@code mlp1}: LayerNorm → Linear → GELU → Linear,
 * named {@code mlp1.0}, {@code mlp1.1}, {@code mlp1.3} as in InternVL checkpoints.
 */
public final class PixelShuffleProjector {
  private final int grid;
  private final LayerNorm norm;
  private final Linear fc1;
  private final Linear fc2;

  public PixelShuffleProjector(ParameterScope scope, int vitWidth, int grid, int lmWidth,
      float eps) {
    this.grid = grid;
    this.norm = new LayerNorm(scope.child("0"), 4 * vitWidth, eps);
    this.fc1 = new Linear(scope.child("1"), 4 * vitWidth, lmWidth, true);
    this.fc2 = new Linear(scope.child("3"), lmWidth, lmWidth, true);
  }

  /** {@code vitTokens[B, 1 + G², C] -> [B, (G/2)², lmWidth]}. */
  public Tensor forward(Step step, Tensor vitTokens) {
    return mlp(step, pixelShuffle(step, vitTokens, grid));
  }

  /** {@code [B, 1 + G², C] -> [B, (G/2)², 4C]} in the documented channel order. */
  public static Tensor pixelShuffle(Step step, Tensor vitTokens, int grid) {
    var m = step.math();
    int b = vitTokens.shape().dim(0);
    int c = vitTokens.shape().dim(2);
    int half = grid / 2;
    Tensor patches = m.slice(vitTokens, 1, 1, 1 + grid * grid);
    // [B, G, G, C] viewed as [B, r, i, c, j, C] -> [B, r, c, i, j, C] -> [B, r*c, 4C]
    Tensor grouped = m.transpose(m.reshape(patches, b, half, 2, half, 2, c), 0, 1, 3, 2, 4, 5);
    return m.reshape(grouped, b, half * half, 4 * c);
  }

  private Tensor mlp(Step step, Tensor x) {
    return fc2.forward(step, step.nn().gelu(fc1.forward(step, norm.forward(step, x))));
  }
}
