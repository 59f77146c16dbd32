package dev.vitp.plugins.domains;

import dev.vitp.plugins.domains.instruct.Augmentation;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.plugins.domains.loader.InternVlSource;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.LoaderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures generation and the batch loader end to end (not a test: speed is measured, never
 * asserted):
 * <pre>java -cp … dev.vitp.plugins.domains.DomainBenchmark [outDir] [samples=10000] [size=64]
 *     [workers=cores] [epochs=2]</pre>
 * Generates {@code samples} remote-sensing records (when {@code outDir/recipe.json} is absent),
 * then reads the recipe for a few epochs with augmentation and reports images per second.
 */
public final class DomainBenchmark {
  private DomainBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path out = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("vitp-bench");
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int cores = Runtime.getRuntime().availableProcessors();
    int workers = args.length > 3 ? Integer.parseInt(args[3]) : cores;
    int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    Path recipe = out.resolve("recipe.json");
    if (!Files.exists(recipe)) {
      GenerationReport r = DomainGenerator.domain(DomainGenerator.DEFAULT_DOMAIN)
          .generate(GenerationRequest.of(out, samples, 42, size));
      System.out.printf(Locale.ROOT, "generate: %d records + downstream (%d images) at %d px in "
          + "%.1f s on %d cores%n", samples, r.imagesWritten(), size,
          r.elapsed().toMillis() / 1000.0, cores);
    }
    InternVlSource source = new InternVlSource(InternVlJsonlConfig.of(recipe.toString())
        .withNormalization("remote-sensing").withAugment(new Augmentation(0.5, 0.3, 0.6)));
    for (int epoch = 0; epoch < epochs; epoch++) {
      long t0 = System.nanoTime();
      long images = 0;
      long batches = 0;
      try (BatchStream b = source.batches(LoaderOptions.builder().batchSize(32).imageSize(size)
          .workers(workers).prefetchBatches(4).epoch(epoch).seed(1).build())) {
        while (b.hasNext()) {
          images += b.next().imageCount();
          batches++;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "loader epoch %d: %d images in %d batches, %.2f s, "
            + "%.0f images/s at %d px (%d workers; %s)%n", epoch, images, batches, s, images / s,
            size, workers, b.summary().totalSkipped() == 0 ? "no skips" : b.summary().report());
      }
    }
  }
}
