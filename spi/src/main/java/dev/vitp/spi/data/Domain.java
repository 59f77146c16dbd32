package dev.vitp.spi.data;

import java.util.List;

/**
 * A target domain of visual instruction pretraining (remote sensing, medical imaging, …): how its
 * images are normalised, which downstream tasks it has, and a synthetic generator writing
 * instruction data and downstream sets in the real on-disk formats.
 */
public interface Domain {
  /** The registered name, e.g. {@code remote-sensing}. */
  String name();

  default String description() {
    return "";
  }

  /** Image modalities, e.g. {@code optical}, {@code sar}, {@code ct}. */
  List<String> modalities();

  /** How the domain's images are normalised for the ViT. */
  ImageNormalization normalization();

  /** Downstream sets {@link #generate} writes under {@code downstream/}. */
  List<DownstreamTask> downstreamTasks();

  /**
   * Writes {@code outDir/recipe.json} (the domain's default recipe: domain data mixed with a share
   * of general data), the JSONL files, images and {@code outDir/downstream/<task>/{train,val}}.
   * The output is a function of the request's seed, samples and image size only.
   */
  GenerationReport generate(GenerationRequest request);
}
