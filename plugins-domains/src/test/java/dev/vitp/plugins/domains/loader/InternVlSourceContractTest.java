package dev.vitp.plugins.domains.loader;

import dev.vitp.conformance.contracts.InstructionSourceContract;
import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.InstructionSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code internvl-jsonl} source keeps the shipped contract on a generated recipe. */
class InternVlSourceContractTest implements InstructionSourceContract {
  private static final Path RECIPE = generate();

  private static Path generate() {
    try {
      Path data = Files.createTempDirectory("contract-rs");
      DomainGenerator.domain("remote-sensing").generate(
          GenerationRequest.of(data, 40, 11, 32).withThreads(2).withDownstreamSamples(0));
      return data.resolve("recipe.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InstructionSource source() {
    return new InternVlSource(InternVlJsonlConfig.of(RECIPE.toString()));
  }
}
