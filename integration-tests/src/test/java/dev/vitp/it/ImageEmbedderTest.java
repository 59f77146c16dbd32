package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.api.EmbedRequest;
import dev.vitp.api.Embeddings;
import dev.vitp.api.ImageEmbedder;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.backend.jvm.JvmBackendConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageEmbedder}: one loaded backbone gives the folder embedding's numbers for any batch of
 * files, skips what does not decode by name, and may be shared by threads (one per Spark task).
 */
class ImageEmbedderTest {
  @TempDir Path dir;

  @Test
  void batchesOfAnyShapeAndThreadsGiveTheFolderEmbeddingsNumbers() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      BufferedImage img = new BufferedImage(20 + 3 * i, 18, BufferedImage.TYPE_INT_RGB);
      img.setRGB(i, i, 0x00ff00);
      img.setRGB(10, 5, 0xff0000 + i);
      Path f = dir.resolve("img-" + i + ".png");
      ImageIO.write(img, "png", f.toFile());
      files.add(f);
    }
    Files.writeString(dir.resolve("zz-broken.png"), "no image");
    Vitp vitp = Vitp.create();
    EmbedRequest request = new EmbedRequest(new JvmBackendConfig(2),
        new VitBackboneConfig(VitBackboneConfig.RANDOM, "nano", 32, null, null), dir,
        EmbedRequest.Pooling.MEAN, 4);
    Embeddings folder = vitp.embed(request);
    assertEquals(6, folder.images().size());
    assertEquals(List.of("zz-broken.png"), List.copyOf(folder.skipped().keySet()));
    int width = folder.shape().dim(1);

    try (ImageEmbedder embedder = vitp.imageEmbedder(request)) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<ImageEmbedder.Batch>> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          // One file per batch, from three threads at once, and the broken one beside the last.
          List<Path> batchFiles = i < 5 ? List.of(files.get(i))
              : List.of(files.get(5), dir.resolve("zz-broken.png"));
          List<String> names = batchFiles.stream().map(f -> f.getFileName().toString()).toList();
          batches.add(pool.submit(() -> embedder.embed(batchFiles, names)));
        }
        for (int i = 0; i < 6; i++) {
          ImageEmbedder.Batch batch = batches.get(i).get();
          assertEquals(List.of("img-" + i + ".png"), batch.names());
          assertArrayEquals(new int[] {width}, batch.rowShape());
          float[] expected = new float[width];
          System.arraycopy(folder.features(), i * width, expected, 0, width);
          assertArrayEquals(expected, batch.row(0), 1e-5f, "image " + i);
        }
        assertTrue(batches.get(5).get().skipped().containsKey("zz-broken.png"));
      } finally {
        pool.shutdown();
      }
    }
  }
}
