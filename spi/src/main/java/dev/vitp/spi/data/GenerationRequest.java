package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;
import java.nio.file.Path;

/**
 * What a domain generator is asked to write.
 *
 * @param outDir the output folder ({@code recipe.json}, JSONL files, images, {@code downstream/})
 * @param samples instruction records in the domain's default recipe (general data included)
 * @param seed everything written is a function of the seed
 * @param imageSize square side of generated images in pixels
 * @param threads generator threads (the output does not depend on it)
 * @param downstreamSamples images per downstream task (train + val)
 */
public record GenerationRequest(Path outDir, int samples, long seed, int imageSize, int threads,
    int downstreamSamples) {
  public GenerationRequest {
    if (samples < 1 || imageSize < 16 || threads < 1 || downstreamSamples < 0) {
      throw VitpException.userError("Expected samples >= 1, imageSize >= 16, threads >= 1 and "
          + "downstreamSamples >= 0. Received: samples=" + samples + " imageSize=" + imageSize
          + " threads=" + threads + " downstreamSamples=" + downstreamSamples);
    }
  }

  /** Defaults: all cores, {@code max(20, samples / 10)} images per downstream task. */
  public static GenerationRequest of(Path outDir, int samples, long seed, int imageSize) {
    return new GenerationRequest(outDir, samples, seed, imageSize,
        Runtime.getRuntime().availableProcessors(), Math.max(20, samples / 10));
  }

  public GenerationRequest withThreads(int threads) {
    return new GenerationRequest(outDir, samples, seed, imageSize, threads, downstreamSamples);
  }

  public GenerationRequest withDownstreamSamples(int n) {
    return new GenerationRequest(outDir, samples, seed, imageSize, threads, n);
  }
}
