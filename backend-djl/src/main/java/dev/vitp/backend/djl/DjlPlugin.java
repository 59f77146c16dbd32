package dev.vitp.backend.djl;

import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.TokenizerFactory;
import dev.vitp.spi.VitpPlugin;
import java.util.List;

/** Contributes the {@code djl-pytorch} backend; listed in {@code META-INF/services}. */
public final class DjlPlugin implements VitpPlugin {
  @Override
  public String id() {
    return "djl";
  }

  @Override
  public List<BackendFactory> backends() {
    return List.of(BackendFactory.of(DjlPytorchBackend.NAME, DjlPytorchConfig.class,
        DjlPytorchBackend::new, "PyTorch 2.7.1 (CPU) through DJL 0.36.0"));
  }

  @Override
  public List<TokenizerFactory> tokenizers() {
    return List.of(TokenizerFactory.withContext("hf-tokenizer-json", HfTokenizerJsonConfig.class,
        (config, context) -> HuggingFaceTokenizerJson.open(context.resolve(config.file())),
        "a HuggingFace tokenizer.json (BPE, WordPiece, …) through DJL's tokenizers"));
  }
}
