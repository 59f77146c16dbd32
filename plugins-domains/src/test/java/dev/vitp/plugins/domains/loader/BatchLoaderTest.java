package dev.vitp.plugins.domains.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.image.ImageFiles;
import dev.vitp.plugins.domains.image.Normalizations;
import dev.vitp.plugins.domains.instruct.Augmentation;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import dev.vitp.spi.data.ImageInfo;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.InstructionBatch;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.SampleMeta;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLoaderTest {
  @TempDir Path dir;

  private Path randomSet(int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Fixtures.png(dir.resolve("img/" + i + ".png"), 20 + i % 7, 12 + i % 5, i);
      lines.add(Fixtures.qa("s" + i, "img/" + i + ".png", "q" + i,
          "<ref>thing</ref><box>[[100,100," + (500 + i) + ",600]]</box>"));
    }
    Fixtures.write(dir.resolve("set.jsonl"), lines);
    return Fixtures.recipe(dir.resolve("recipe.json"), "set", ".", "set.jsonl", 1);
  }

  private static List<InstructionBatch> all(InternVlSource s, LoaderOptions o) {
    List<InstructionBatch> out = new ArrayList<>();
    try (BatchStream b = s.batches(o)) {
      b.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void batchesAreTheSameWhateverTheThreadCount() {
    Path recipe = randomSet(23);
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(recipe.toString())
        .withAugment(new Augmentation(0.5, 0.5, 0.5)));
    LoaderOptions one = LoaderOptions.builder().batchSize(4).imageSize(16).seed(7).epoch(2)
        .workers(1).prefetchBatches(1).build();
    List<InstructionBatch> a = all(s, one);
    List<InstructionBatch> b = all(s, one.toBuilder().workers(4).prefetchBatches(3).build());
    assertEquals(6, a.size());
    assertEquals(3, a.get(5).size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).images(), b.get(i).images());
      assertEquals(a.get(i).records(), b.get(i).records());
      assertEquals(a.get(i).meta(), b.get(i).meta());
    }
    List<InstructionBatch> c = all(s, one.toBuilder().epoch(3).build());
    assertNotEquals(a.get(0).records(), c.get(0).records(), "a new epoch, a new order");
    assertEquals(5, all(s, one.toBuilder().dropLast(true).build()).size());
  }

  @Test
  void imagesOverTheBoundAreSkippedAndCountedOrStopTheRunUnderFail() {
    Path recipe = randomSet(23); // image i is (20 + i % 7) x (12 + i % 5) pixels
    long bound = 300;
    long over = 0;
    for (int i = 0; i < 23; i++) {
      over += (20 + i % 7) * (12 + i % 5) > bound ? 1 : 0;
    }
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(recipe.toString()));
    LoaderOptions o = LoaderOptions.builder().batchSize(4).imageSize(16).workers(2)
        .maxImagePixels(bound).build();
    SkipSummary summary;
    long kept = 0;
    try (BatchStream b = s.batches(o)) {
      while (b.hasNext()) {
        kept += b.next().size();
      }
      summary = b.summary();
    }
    assertTrue(over > 0 && over < 23, "the fixture has images on both sides of the bound");
    assertEquals(over, summary.skipped(SkipReason.IMAGE_TOO_LARGE));
    assertEquals(23 - over, kept);
    assertTrue(summary.examples().get(0).contains(": image too large: img/"),
        summary.examples().get(0));
    assertTrue(summary.examples().get(0).contains("over the bound of 300 pixels "
        + "(--max-image-pixels)"), summary.examples().get(0));

    InternVlSource failing = new InternVlSource(InternVlJsonlConfig.of(recipe.toString())
        .withPolicy(BadRecordPolicy.FAIL));
    VitpException e = assertThrows(VitpException.class, () -> all(failing, o));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().contains(": image too large: img/"), e.getMessage());
  }

  @Test
  void constantImagesNormaliseToTheirChannelStatistics() {
    byte[] rgb = new byte[10 * 10 * 3];
    byte[] gray = new byte[10 * 10];
    for (int i = 0; i < 100; i++) {
      rgb[3 * i] = (byte) 255;
      rgb[3 * i + 1] = 0;
      rgb[3 * i + 2] = (byte) 128;
      gray[i] = 100;
    }
    ImageFiles.write(ImageFiles.rgb(rgb, 10, 10), dir.resolve("rgb.png"));
    ImageFiles.write(ImageFiles.gray8(gray, 10, 10), dir.resolve("gray.png"));
    Fixtures.write(dir.resolve("n.jsonl"), List.of(Fixtures.qa("a", "rgb.png", "q", "a"),
        Fixtures.qa("b", "gray.png", "q", "a")));
    for (String norm : new String[] {"internvl", "remote-sensing"}) {
      ImageNormalization n = Normalizations.named(norm);
      InternVlSource s = new InternVlSource(
          InternVlJsonlConfig.of(dir.resolve("n.jsonl").toString()).withNormalization(norm));
      InstructionBatch b = all(s, LoaderOptions.builder().batchSize(2).imageSize(8).shuffle(false)
          .build()).get(0);
      assertArrayEquals(new long[] {2, 3, 8, 8}, b.shape());
      float[] expectRgb = {1f, 0f, 128 / 255f};
      for (int c = 0; c < 3; c++) {
        float e = (expectRgb[c] - n.mean(c, 3)) / n.std(c, 3);
        float g = (100 / 255f - n.mean(c, 1)) / n.std(c, 1);
        for (int i = 0; i < 64; i++) {
          assertEquals(e, b.images()[c * 64 + i], 1e-5f);
          assertEquals(g, b.images()[3 * 64 + c * 64 + i], 1e-5f);
        }
      }
    }
  }

  /** Left half red, right half blue; a box around the red half. */
  private Path halves(String question) {
    byte[] rgb = new byte[40 * 20 * 3];
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        int i = y * 40 + x;
        rgb[3 * i] = (byte) (x < 20 ? 255 : 0);
        rgb[3 * i + 2] = (byte) (x < 20 ? 0 : 255);
      }
    }
    ImageFiles.write(ImageFiles.rgb(rgb, 40, 20), dir.resolve("halves.png"));
    return Fixtures.write(dir.resolve("h.jsonl"), List.of(Fixtures.qa("h", "halves.png", question,
        "<ref>red</ref><box>[[0,0,500,1000]]</box>")));
  }

  @Test
  void flipMirrorsPixelsAndBoxes() {
    Path f = halves("Where is the red part?");
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(f.toString())
        .withAugment(new Augmentation(1, 0, 1)));
    InstructionBatch b = all(s, LoaderOptions.builder().batchSize(1).imageSize(8).build()).get(0);
    SampleMeta m = b.meta().get(0);
    assertTrue(m.images().get(0).flipped());
    assertEquals(List.of(new BoundingBox(500, 0, 1000, 1000)),
        Grounding.boxes(b.records().get(0).conversations().get(1).value()));
    assertEquals(new BoundingBox(500, 0, 1000, 1000), m.grounding().get(0).boxes().get(0));
    // red channel: high on the right now
    assertTrue(b.images()[0] < 0 && b.images()[7] > 1, "left is blue, right is red");
  }

  @Test
  void recordsSpeakingOfLeftAndRightAreNotFlipped() {
    Path f = halves("Is the red part on the left?");
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(f.toString())
        .withAugment(new Augmentation(1, 0, 1)));
    InstructionBatch b = all(s, LoaderOptions.builder().batchSize(1).imageSize(8).build()).get(0);
    assertFalse(b.meta().get(0).images().get(0).flipped());
  }

  @Test
  void cropsKeepEveryBoxInsideAndReExpressIt() {
    Path recipe = randomSet(30);
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(recipe.toString())
        .withAugment(new Augmentation(0, 1, 0.3)));
    int cropped = 0;
    for (InstructionBatch b : all(s, LoaderOptions.builder().batchSize(8).imageSize(16).build())) {
      for (SampleMeta m : b.meta()) {
        ImageInfo info = m.images().get(0);
        int i = Integer.parseInt(m.id().substring(1));
        BoundingBox original = new BoundingBox(100, 100, 500 + i, 600);
        double[] e = original.toPixelEdges(info.width(), info.height());
        assertTrue(info.cropX() <= e[0] + 1e-9 && info.cropY() <= e[1] + 1e-9
            && info.cropX() + info.cropWidth() >= e[2] - 1e-9
            && info.cropY() + info.cropHeight() >= e[3] - 1e-9, "crop contains the box");
        BoundingBox expected = BoundingBox.fromPixelEdges(e[0] - info.cropX(), e[1] - info.cropY(),
            e[2] - info.cropX(), e[3] - info.cropY(), info.cropWidth(), info.cropHeight());
        assertEquals(expected, m.grounding().get(0).boxes().get(0));
        cropped += info.cropWidth() < info.width() || info.cropHeight() < info.height() ? 1 : 0;
      }
    }
    assertTrue(cropped > 10, "most records were cropped: " + cropped);
  }

  @Test
  void multiImageRecordsContributeConsecutiveImages() {
    Fixtures.png(dir.resolve("a.png"), 10, 10, 1);
    Fixtures.png(dir.resolve("b.png"), 12, 9, 2);
    Fixtures.write(dir.resolve("m.jsonl"), List.of(
        Fixtures.record("pair", List.of("a.png", "b.png"),
            List.of(new String[] {"human", "What changed?"}, new String[] {"gpt", "Nothing."})),
        Fixtures.qa("one", "a.png", "q", "a")));
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(dir.resolve("m.jsonl").toString()));
    InstructionBatch b = all(s, LoaderOptions.builder().batchSize(2).imageSize(8).shuffle(false)
        .build()).get(0);
    assertEquals(3, b.imageCount());
    assertArrayEquals(new int[] {2, 1}, b.imagesPerRecord());
    assertEquals(2, b.firstImageOf(1));
    assertTrue(b.records().get(0).conversations().get(0).value()
        .startsWith("Image-1: <image>\nImage-2: <image>\n"));
  }

  @Test
  void closingMidEpochStopsTheLoaderThreads() throws InterruptedException {
    Path recipe = randomSet(40);
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(recipe.toString()));
    try (BatchStream b = s.batches(LoaderOptions.builder().batchSize(2).imageSize(16).workers(3)
        .prefetchBatches(1).build())) {
      b.next();
    }
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline && loaderThreads() > 0) {
      Thread.sleep(20);
    }
    assertEquals(0, loaderThreads());
  }

  private static long loaderThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("vitp-loader-") && t.isAlive()).count();
  }
}
