package dev.vitp.spi;

import java.util.List;

/**
 * A vitp plugin: a bag of named factories, discovered with {@link java.util.ServiceLoader} (list
 * the class in {@code META-INF/services/dev.vitp.spi.VitpPlugin}). It needs a public no-arg
 * constructor, so in Kotlin write a {@code class}, not an {@code object}. Every method but {@link
 * #id()} defaults to contributing nothing.
 */
public interface VitpPlugin {
  /** A stable id for messages and listings, e.g. {@code core} or {@code acme-sar}. */
  String id();

  default List<BackendFactory> backends() {
    return List.of();
  }

  default List<TokenDropFactory> tokenDrops() {
    return List.of();
  }

  default List<InstructionSourceFactory> instructionSources() {
    return List.of();
  }

  default List<BackboneFactory> backbones() {
    return List.of();
  }

  default List<DomainFactory> domains() {
    return List.of();
  }

  default List<TaskHeadFactory> taskHeads() {
    return List.of();
  }

  default List<TokenizerFactory> tokenizers() {
    return List.of();
  }

  default List<FinetuneRecipeFactory> finetuneRecipes() {
    return List.of();
  }

  default List<PretrainObjectiveFactory> objectives() {
    return List.of();
  }

  default List<CorruptionFactory> corruptions() {
    return List.of();
  }
}
