package dev.vitp.api.model;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.Init;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.Linear;
import dev.vitp.spi.nn.ParameterScope;
import org.jspecify.annotations.Nullable;

/**
 * A pre-norm transformer block with InternViT's parameter names: {@code norm1}, {@code attn.qkv},
 * {@code attn.proj}, optional {@code ls1}, {@code norm2}, {@code mlp.fc1}, {@code mlp.fc2},
 * optional {@code ls2}. {@code x + dropPath(ls1 * attn(norm1(x)))}, then the same with the MLP.
 */
final class TransformerBlock {
  private final int width;
  private final int heads;
  private final boolean causal;
  private final float dropPath;
  private final LayerNorm norm1;
  private final Linear qkv;
  private final Linear proj;
  private final LayerNorm norm2;
  private final Linear fc1;
  private final Linear fc2;
  private final @Nullable Parameter ls1;
  private final @Nullable Parameter ls2;

  TransformerBlock(ParameterScope scope, int width, int heads, int mlpRatio, boolean qkvBias,
      float layerScaleInit, float eps, boolean causal, float dropPath) {
    this.width = width;
    this.heads = heads;
    this.causal = causal;
    this.dropPath = dropPath;
    this.norm1 = new LayerNorm(scope.child("norm1"), width, eps);
    this.qkv = new Linear(scope.child("attn").child("qkv"), width, 3 * width, qkvBias);
    this.proj = new Linear(scope.child("attn").child("proj"), width, width, true);
    this.norm2 = new LayerNorm(scope.child("norm2"), width, eps);
    this.fc1 = new Linear(scope.child("mlp").child("fc1"), width, mlpRatio * width, true);
    this.fc2 = new Linear(scope.child("mlp").child("fc2"), mlpRatio * width, width, true);
    if (layerScaleInit > 0) {
      this.ls1 = scope.create("ls1", Shape.of(width), Init.constant(layerScaleInit));
      this.ls2 = scope.create("ls2", Shape.of(width), Init.constant(layerScaleInit));
    } else {
      this.ls1 = null;
      this.ls2 = null;
    }
  }

  /** {@code x[B, T, C] -> [B, T, C]}. */
  Tensor forward(Step step, Tensor x) {
    var m = step.math();
    Tensor attn = scale(step, attention(step, norm1.forward(step, x)), ls1);
    Tensor h = m.add(x, dropPath(step, attn));
    Tensor mlp = fc2.forward(step, step.nn().gelu(fc1.forward(step, norm2.forward(step, h))));
    return m.add(h, dropPath(step, scale(step, mlp, ls2)));
  }

  private Tensor attention(Step step, Tensor y) {
    var m = step.math();
    int b = y.shape().dim(0);
    int t = y.shape().dim(1);
    int d = width / heads;
    // [B, T, 3C] -> [B, T, 3, H, D] -> [3, B, H, T, D]
    Tensor qkvs = m.transpose(m.reshape(qkv.forward(step, y), b, t, 3, heads, d), 2, 0, 3, 1, 4);
    Tensor q = m.reshape(m.slice(qkvs, 0, 0, 1), b, heads, t, d);
    Tensor k = m.reshape(m.slice(qkvs, 0, 1, 2), b, heads, t, d);
    Tensor v = m.reshape(m.slice(qkvs, 0, 2, 3), b, heads, t, d);
    Tensor o = step.nn().attention(q, k, v, causal);
    return proj.forward(step, m.reshape(m.transpose(o, 0, 2, 1, 3), b, t, width));
  }

  private static Tensor scale(Step step, Tensor x, @Nullable Parameter layerScale) {
    return layerScale == null ? x : step.math().mul(x, step.use(layerScale));
  }

  /** Stochastic depth: drops a whole sample's residual branch, in training steps only. */
  private Tensor dropPath(Step step, Tensor branch) {
    if (dropPath == 0f || step.mode() != StepMode.TRAINING) {
      return branch;
    }
    float keep = 1f - dropPath;
    Tensor mask = step.random().bernoulli(Shape.of(branch.shape().dim(0), 1, 1), keep);
    return step.math().mul(branch, step.math().mulScalar(mask, 1f / keep));
  }
}
