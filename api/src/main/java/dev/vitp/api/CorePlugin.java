package dev.vitp.api;

import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.api.vrl.NoDropConfig;
import dev.vitp.api.vrl.NoTokenDrop;
import dev.vitp.api.vrl.ShuffleDropConfig;
import dev.vitp.api.vrl.ShuffleTokenDrop;
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.api.vrl.UniformTokenDrop;
import dev.vitp.spi.BackboneFactory;
import dev.vitp.api.objective.InstructionObjective;
import dev.vitp.api.objective.InstructionObjectiveConfig;
import dev.vitp.api.objective.MaeObjective;
import dev.vitp.api.objective.MaeObjectiveConfig;
import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.PretrainObjectiveFactory;
import dev.vitp.spi.TokenDropFactory;
import dev.vitp.spi.TokenizerFactory;
import dev.vitp.spi.VitpException;
import dev.vitp.api.text.WordTokenizer;
import dev.vitp.api.text.WordTokenizerConfig;
import dev.vitp.spi.VitpPlugin;
import java.util.List;

/**
 * The built-in plugin ({@code core}): the VRL token-drop strategies none, uniform and shuffle,
 * the pretraining objectives instruction (ViTP) and mae, the word tokenizer and the {@code vit}
 * backbone.
 */
public final class CorePlugin implements VitpPlugin {
  @Override
  public String id() {
    return "core";
  }

  @Override
  public List<TokenDropFactory> tokenDrops() {
    return List.of(
        TokenDropFactory.of("none", NoDropConfig.class, c -> new NoTokenDrop(),
            "keep every image token"),
        TokenDropFactory.of("uniform", UniformDropConfig.class, UniformTokenDrop::new,
            "VRL: keep ceil((1-ratio)*N) random tokens per sample, in order, with probability p"),
        TokenDropFactory.of("shuffle", ShuffleDropConfig.class, ShuffleTokenDrop::new,
            "permute each sample's image tokens with probability p"));
  }

  /**
   * {@code auto} stands for the best-ranked backend a command can use; the runtime resolves it
   * ({@link Vitp#autoBackend}) before anything is built, so its factory never builds one.
   */
  @Override
  public List<BackendFactory> backends() {
    return List.of(BackendFactory.of(AutoBackendConfig.NAME, AutoBackendConfig.class, config -> {
      throw VitpException.internal("Expected backend [auto] to be resolved by the runtime "
          + "before it is built. Received: a direct build");
    }, "the best-ranked backend with the capabilities the command needs"));
  }

  @Override
  public List<TokenizerFactory> tokenizers() {
    return List.of(TokenizerFactory.withContext("word", WordTokenizerConfig.class,
        (config, context) -> {
          if (config.file() == null) {
            throw VitpException.userError("Expected \"file\" in tokenizer [word] (a new "
                + "pretraining run fits one on its data). Received: none");
          }
          return WordTokenizer.load(context.resolve(config.file()), context);
        }, "word-level vocabulary fitted on the run's instruction data"));
  }

  @Override
  public List<PretrainObjectiveFactory> objectives() {
    return List.of(
        PretrainObjectiveFactory.of(InstructionObjectiveConfig.NAME,
            InstructionObjectiveConfig.class, c -> new InstructionObjective(),
            "ViTP: the ViT in a small VLM, next-token loss on assistant tokens, VRL"),
        PretrainObjectiveFactory.of(MaeObjectiveConfig.NAME, MaeObjectiveConfig.class,
            MaeObjective::new, "masked autoencoder: hide maskRatio of the patches, predict their "
                + "normalised pixels"));
  }

  @Override
  public List<BackboneFactory> backbones() {
    return List.of(BackboneFactory.of("vit", VitBackboneConfig.class, VitBackboneConfig::builder,
        "ViT in InternViT layout: random init of a preset, our export, or an InternViT checkpoint"));
  }
}
