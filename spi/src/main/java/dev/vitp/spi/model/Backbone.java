package dev.vitp.spi.model;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.List;

/**
 * A vision backbone whose parameters live in a session: the pretrained (or random) ViT that task
 * heads fine-tune. Tokens are {@code [B, 1 + G², C]} with the CLS token first and the patch grid
 * row-major after it.
 */
public interface Backbone {
  /** Input resolution (square), in pixels. */
  int imageSize();

  int patchSize();

  /** Token width C. */
  int width();

  /** Number of transformer blocks. */
  int depth();

  /** Patches per side. */
  default int grid() {
    return imageSize() / patchSize();
  }

  /**
   * Runs the backbone on normalised images {@code [B, 3, S, S]} and returns the tokens after each
   * requested block ({@code 1..depth}, ascending; {@code depth} is the final output).
   */
  List<Tensor> forward(Step step, Tensor images, int... blocks);

  /**
   * Runs the backbone on the visible patches only, as MAE's encoder does: patches are embedded and
   * position-encoded, then only those at {@code visible} (one row per image, positions in the
   * row-major patch grid) go through the blocks after the CLS token. Returns {@code [B, 1 + K,
   * C]}, CLS first, then the visible patches in the order given.
   */
  default Tensor forwardVisible(Step step, Tensor images, KeptTokens visible) {
    throw VitpException.unsupported("Expected a backbone that can encode a subset of its patches "
        + "(needed by masked image modelling). Received: " + getClass().getName()
        + ", which does not implement forwardVisible");
  }

  /** The backbone's parameters. */
  List<Parameter> parameters();

  /**
   * The layer id of one of its parameters for layer-wise learning-rate decay: 0 for the
   * embeddings, {@code i} for block {@code i} (1-based), {@code depth + 1} for anything after.
   */
  int layerId(Parameter parameter);
}
