package dev.vitp.backend.djl;

import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.TokenizerFactory;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.backend.Capability;
import java.util.List;
import java.util.Set;

/** Contributes the {@code djl-pytorch} and {@code djl-tensorflow} backends; listed in {@code META-INF/services}. */
public final class DjlPlugin implements VitpPlugin {
  @Override
  public String id() {
    return "djl";
  }

  @Override
  public List<BackendFactory> backends() {
    return List.of(BackendFactory.of(DjlPytorchBackend.NAME, DjlPytorchConfig.class,
        DjlPytorchBackend::new, "PyTorch 2.7.1 (CPU) through DJL 0.36.0",
        // Below jvm: measured 2-3x slower at nano/tiny training on 2-core CPUs. Its CUDA
        // natives are not served, so it never has an accelerator here.
        10, Set.of(Capability.INFERENCE, Capability.TRAINING)),
        BackendFactory.of(DjlTensorflowBackend.NAME, DjlTensorflowConfig.class,
            DjlTensorflowBackend::new, "TensorFlow 2.16 (CPU) through DJL 0.36.0; inference only "
                + "(DJL's TensorFlow engine records no gradients)",
            // Lowest: never picked by auto while jvm or djl-pytorch is there.
            5, Set.of(Capability.INFERENCE)));
  }

  @Override
  public List<TokenizerFactory> tokenizers() {
    return List.of(TokenizerFactory.withContext("hf-tokenizer-json", HfTokenizerJsonConfig.class,
        (config, context) -> HuggingFaceTokenizerJson.open(context.resolve(config.file())),
        "a HuggingFace tokenizer.json (BPE, WordPiece, …) through DJL's tokenizers"));
  }
}
