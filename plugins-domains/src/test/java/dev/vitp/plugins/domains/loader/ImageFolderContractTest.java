package dev.vitp.plugins.domains.loader;

import dev.vitp.conformance.contracts.ImageSourceContract;
import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.plugins.domains.instruct.ImageFolderConfig;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.InstructionSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code image-folder} source keeps the laws of every source (it has no text, so the
 * instruction laws do not apply) on the images of a generated recipe.
 */
class ImageFolderContractTest implements ImageSourceContract {
  private static final Path IMAGES = generate();

  private static Path generate() {
    try {
      Path data = Files.createTempDirectory("contract-images");
      DomainGenerator.domain("remote-sensing").generate(
          GenerationRequest.of(data, 24, 5, 32).withThreads(2).withDownstreamSamples(0));
      return data.resolve("rs_optical");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InstructionSource source() {
    return new ImageFolderSource(ImageFolderConfig.of(IMAGES.toString()));
  }
}
