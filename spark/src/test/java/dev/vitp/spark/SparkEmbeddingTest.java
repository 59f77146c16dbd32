package dev.vitp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Embeddings;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.Backbones;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitSpec;
import dev.vitp.cli.EmbedOptions;
import dev.vitp.cli.ImageList;
import dev.vitp.cli.VitpCli;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.nn.ParameterScope;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vitp embed --spark} computes the numbers single-process {@code vitp embed} computes,
 * with the backbone's weights shipped to the executors, and its Parquet output reads back.
 */
class SparkEmbeddingTest {
  @TempDir Path tmp;

  @Test
  void sparkFeaturesEqualSingleProcessFeatures() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images/tiles"));
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 11; i++) {
      BufferedImage img = new BufferedImage(24 + i, 20 + 2 * i, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          img.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      ImageIO.write(img, "png", images.resolve("tile-" + i + ".png").toFile());
    }
    Files.writeString(images.resolve("broken.png"), "not an image");

    Vitp vitp = Vitp.create();
    Path weights = tmp.resolve("backbone.safetensors");
    EmbedOptions options = new EmbedOptions(weights.toString(), "jvm", null, "mean", 4,
        ImageLimits.DEFAULT_MAX_PIXELS, tmp.resolve("features.parquet").toString());
    exportRandomBackbone(vitp, options, weights);

    List<ImageList.Image> list = ImageList.resolve(tmp.resolve("images") + "/**/*.png");
    assertEquals(12, list.size());
    Embeddings single = vitp.embed(options.request(vitp, options.backbone()),
        list.stream().map(i -> Path.of(i.path())).toList(),
        list.stream().map(ImageList.Image::name).toList());

    StringWriter console = new StringWriter();
    SparkEmbedding.embed(LocalSpark.session(), options, list, new PrintWriter(console, true));

    List<Row> rows = LocalSpark.session().read().parquet(options.out()).collectAsList();
    assertEquals(single.images().size(), rows.size());
    int width = single.shape().dim(1);
    Map<String, float[]> expected = new HashMap<>();
    for (int i = 0; i < single.images().size(); i++) {
      float[] row = new float[width];
      System.arraycopy(single.features(), i * width, row, 0, width);
      expected.put(single.images().get(i), row);
    }
    for (Row r : rows) {
      List<Float> got = r.getList(1);
      float[] values = new float[got.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = got.get(i);
      }
      assertArrayEquals(expected.get(r.getString(0)), values, 1e-5f, r.getString(0));
    }
    assertEquals(single.skipped().keySet(), Map.of("tiles/broken.png", "").keySet());
    String index = Files.readString(Path.of(options.out(), "_embed.json"));
    assertTrue(index.contains("tiles/broken.png"), index);
    assertTrue(console.toString().contains("features of 11 images"), console.toString());
  }

  /** A randomly initialised 32-pixel nano ViT, exported as {@code vitp export-backbone} does. */
  private static void exportRandomBackbone(Vitp vitp, EmbedOptions options, Path weights) {
    VitSpec spec = Presets.get("nano").vit().withImageSize(32);
    try (BackendSession session = vitp.backend(options.request(vitp, "random").backend())
        .newSession(7)) {
      new VisionTransformer(ParameterScope.root(session, 7).child("vision_model"), spec);
      new Backbones(new ObjectMapper()).export(session, "vision_model.", spec, weights);
    }
  }

  @Test
  void embedSparkRunsFromTheCommandLine() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("few"));
    for (int i = 0; i < 3; i++) {
      BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      img.setRGB(i, i, 0xffffff);
      ImageIO.write(img, "png", images.resolve(i + ".png").toFile());
    }
    Path out = tmp.resolve("few.parquet");
    StringWriter console = new StringWriter();
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(console, true));
    LocalSpark.session();
    assertEquals(0, cmd.execute("embed", "--spark", "--backbone", "random", "--image-size", "32",
        "--backend", "jvm", "--images", images.toString(), "--out", out.toString()));
    assertTrue(console.toString().contains("features of 3 images as Parquet"), console.toString());
    assertEquals(3, LocalSpark.session().read().parquet(out.toString()).count());
    assertEquals(2, cmd.execute("embed", "--spark", "--backbone", "random", "--images",
        images.toString(), "--out", out.toString()), "an existing --out is refused");
  }
}
