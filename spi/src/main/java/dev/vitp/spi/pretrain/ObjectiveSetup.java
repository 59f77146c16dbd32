package dev.vitp.spi.pretrain;

import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.vrl.TokenDropStrategy;

/**
 * What an objective is built with.
 *
 * @param scope the session's root scope: the objective creates its own parameters under a child
 *     of its choosing (e.g. {@code mae_decoder}), never under {@code vision_model} or {@code
 *     optimizer}; its seed is the run's
 * @param backbone the ViT being pretrained, already built under {@code vision_model.*}
 * @param preset the model preset's name ({@code nano}, {@code tiny}); built-in objectives read
 *     their own sizes from it (the language decoder, the MAE decoder)
 * @param vocabSize the tokenizer's vocabulary, or 0 when the objective reads no text
 * @param tokenDrop the run's VRL strategy, for objectives that drop image tokens
 */
public record ObjectiveSetup(ParameterScope scope, Backbone backbone, String preset,
    int vocabSize, TokenDropStrategy tokenDrop) {}
