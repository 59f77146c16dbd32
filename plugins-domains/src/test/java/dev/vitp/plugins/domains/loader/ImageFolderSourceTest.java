package dev.vitp.plugins.domains.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.image.ImageFiles;
import dev.vitp.plugins.domains.instruct.Augmentation;
import dev.vitp.plugins.domains.instruct.ImageFolderConfig;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.ImageInfo;
import dev.vitp.spi.data.InstructionBatch;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.SampleMeta;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
  @TempDir Path dir;

  /** A random RGB image written by the project's image writer; the format from the extension. */
  static Path image(Path file, int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    r.nextBytes(rgb);
    ImageFiles.write(ImageFiles.rgb(rgb, w, h), file);
    return file;
  }

  static void text(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ImageFolderSource source(Path root) {
    return new ImageFolderSource(ImageFolderConfig.of(root.toString()));
  }

  private static List<InstructionRecord> records(ImageFolderSource s) {
    List<InstructionRecord> out = new ArrayList<>();
    try (RecordStream r = s.open()) {
      r.forEachRemaining(out::add);
      assertEquals(out.size(), r.summary().kept());
    }
    return out;
  }

  private record Epoch(List<InstructionBatch> batches, SkipSummary summary) {}

  private static Epoch epoch(ImageFolderSource s, LoaderOptions o) {
    List<InstructionBatch> out = new ArrayList<>();
    try (BatchStream b = s.batches(o)) {
      b.forEachRemaining(out::add);
      return new Epoch(out, b.summary());
    }
  }

  private static List<String> ids(Epoch e) {
    return e.batches().stream().flatMap(b -> b.records().stream()).map(InstructionRecord::id)
        .toList();
  }

  /** {@code n} PNGs of varied sizes spread over nested folders. */
  private Path folder(int n) {
    Path root = dir.resolve("tiles");
    for (int i = 0; i < n; i++) {
      String sub = i % 3 == 0 ? "" : "g" + i % 3 + "/";
      image(root.resolve(sub + "t" + i + ".png"), 20 + i % 7, 12 + i % 5, i);
    }
    return root;
  }

  @Test
  void imagesAreListedRecursivelyInPathOrderWithoutHiddenOrOtherFiles() {
    Path root = dir.resolve("data");
    image(root.resolve("b.png"), 8, 6, 1);
    image(root.resolve("a/c.JPG"), 8, 6, 2);
    image(root.resolve("a/deep/er/d.tiff"), 8, 6, 3);
    image(root.resolve("a/e.tif"), 8, 6, 4);
    image(root.resolve("z.bmp"), 8, 6, 5);
    image(root.resolve("y.jpeg"), 8, 6, 6);
    image(root.resolve(".hidden.png"), 8, 6, 7);
    image(root.resolve(".cache/x.png"), 8, 6, 8);
    image(root.resolve("a/.thumbs/c.png"), 8, 6, 9);
    text(root.resolve("notes.txt"), "not an image");
    text(root.resolve("b.png.json"), "{}");
    text(root.resolve("png"), "no extension");

    ImageFolderSource s = source(root);
    List<String> expected =
        List.of("a/c.JPG", "a/deep/er/d.tiff", "a/e.tif", "b.png", "y.jpeg", "z.bmp");
    assertEquals(expected, s.files());
    List<InstructionRecord> records = records(s);
    assertEquals(expected, records.stream().map(InstructionRecord::id).toList());
    for (InstructionRecord r : records) {
      assertEquals(List.of(r.id()), r.images(), "one image per record, relative to the root");
      assertTrue(r.conversations().isEmpty(), "no text");
    }
    assertEquals(records, records(s), "a second pass yields the same records");
  }

  @Test
  void batchesHaveOneResizedImagePerRecordAndAFixedOrderPerSeed() {
    ImageFolderSource s = source(folder(11));
    LoaderOptions o = LoaderOptions.builder().batchSize(4).imageSize(16).seed(7).epoch(0)
        .workers(1).prefetchBatches(1).build();
    Epoch a = epoch(s, o);
    assertEquals(List.of(4, 4, 3), a.batches().stream().map(InstructionBatch::size).toList());
    for (InstructionBatch b : a.batches()) {
      assertArrayEquals(new long[] {b.size(), 3, 16, 16}, b.shape());
      assertEquals(b.size() * 3 * 16 * 16, b.images().length);
      for (int i = 0; i < b.size(); i++) {
        assertEquals(1, b.imagesPerRecord()[i]);
        assertTrue(b.records().get(i).conversations().isEmpty());
        SampleMeta m = b.meta().get(i);
        assertEquals(b.records().get(i).id(), m.id());
        assertEquals("tiles", m.dataset());
        assertEquals(List.of(s.root().resolve(m.id()).toString()), m.imagePaths());
      }
    }
    assertEquals(s.files().stream().sorted().toList(), ids(a).stream().sorted().toList(),
        "every image once per epoch");
    assertEquals(11, a.summary().kept());
    assertEquals(0, a.summary().totalSkipped());

    Epoch again = epoch(s, o.toBuilder().workers(3).prefetchBatches(2).build());
    assertEquals(a.batches().size(), again.batches().size());
    for (int i = 0; i < a.batches().size(); i++) {
      assertArrayEquals(a.batches().get(i).images(), again.batches().get(i).images());
      assertEquals(a.batches().get(i).records(), again.batches().get(i).records());
      assertEquals(a.batches().get(i).meta(), again.batches().get(i).meta());
    }
    assertNotEquals(ids(a), ids(epoch(s, o.toBuilder().seed(8).build())), "another seed");
    assertNotEquals(ids(a), ids(epoch(s, o.toBuilder().epoch(1).build())), "another epoch");
    assertEquals(s.files(), ids(epoch(s, o.toBuilder().shuffle(false).build())),
        "unshuffled reads in path order");
    assertEquals(List.of(4, 4), epoch(s, o.toBuilder().dropLast(true).build()).batches().stream()
        .map(InstructionBatch::size).toList());
  }

  @Test
  void aHoldoutSplitsTheRecordsInTwoFixedDisjointParts() {
    ImageFolderSource s = source(folder(40));
    assertTrue(s.supportsHoldout());
    LoaderOptions o = LoaderOptions.builder().batchSize(3).imageSize(16).seed(7).workers(2)
        .prefetchBatches(2).build();
    List<String> all = ids(epoch(s, o));
    List<String> held = ids(epoch(s, o.toBuilder()
        .holdout(new LoaderOptions.Holdout(0.25, 42, true)).build()));
    List<String> trainedEpoch0 = ids(epoch(s, o.toBuilder()
        .holdout(new LoaderOptions.Holdout(0.25, 42, false)).build()));
    List<String> trainedEpoch1 = ids(epoch(s, o.toBuilder().epoch(1)
        .holdout(new LoaderOptions.Holdout(0.25, 42, false)).build()));
    assertFalse(held.isEmpty());
    assertEquals(held.stream().sorted().toList(), held, "held-out records in path order");
    assertTrue(held.stream().noneMatch(trainedEpoch0::contains), "disjoint");
    assertEquals(all.stream().sorted().toList(), java.util.stream.Stream.concat(held.stream(),
        trainedEpoch0.stream()).sorted().toList(), "together every record, once");
    assertEquals(trainedEpoch0.stream().sorted().toList(),
        trainedEpoch1.stream().sorted().toList(), "the same records every epoch");
    assertNotEquals(held, ids(epoch(s, o.toBuilder()
        .holdout(new LoaderOptions.Holdout(0.25, 43, true)).build())), "another seed, others");
  }

  @Test
  void flipsApplyToImagesWithoutText() {
    ImageFolderSource s = new ImageFolderSource(ImageFolderConfig.of(folder(3).toString())
        .withAugment(new Augmentation(1, 0, 0.6)));
    Epoch e = epoch(s, LoaderOptions.builder().batchSize(3).imageSize(8).workers(1).build());
    for (SampleMeta m : e.batches().get(0).meta()) {
      assertTrue(m.images().stream().allMatch(ImageInfo::flipped));
    }
  }

  @Test
  void undecodableImagesAreSkippedAndCountedAsCorrupt() {
    Path root = folder(6);
    Fixtures.truncatedPng(root.resolve("g1/broken.png"), 3);
    Fixtures.garbage(root.resolve("noise.jpg"), 4);
    ImageFolderSource s = source(root);
    assertEquals(8, s.size());
    assertEquals(8, records(s).size(), "records are listed without decoding");

    LoaderOptions o = LoaderOptions.builder().batchSize(2).imageSize(8).workers(2).build();
    Epoch e = epoch(s, o);
    assertEquals(6, ids(e).size());
    assertFalse(ids(e).contains("g1/broken.png"));
    assertFalse(ids(e).contains("noise.jpg"));
    assertEquals(8, e.summary().read());
    assertEquals(6, e.summary().kept());
    assertEquals(2, e.summary().skipped(SkipReason.CORRUPT_IMAGE));
    assertEquals(2, e.summary().examples().size());
    assertTrue(e.summary().examples().stream().anyMatch(x -> x.startsWith("g1/broken.png: corrupt image")),
        () -> e.summary().examples().toString());
    assertTrue(e.summary().examples().stream().anyMatch(x -> x.startsWith("noise.jpg: corrupt image")),
        () -> e.summary().examples().toString());

    ImageFolderSource strict = new ImageFolderSource(
        ImageFolderConfig.of(root.toString()).withPolicy(BadRecordPolicy.FAIL));
    VitpException fail = assertThrows(VitpException.class, () -> epoch(strict,
        o.toBuilder().shuffle(false).build()));
    assertEquals(ErrorCode.USER_ERROR, fail.code());
    assertTrue(fail.getMessage().startsWith("g1/broken.png: corrupt image: g1/broken.png"),
        fail.getMessage());
    assertFalse(fail.getMessage().contains("\n"), "one line");
  }

  @Test
  void aMissingOrEmptyFolderIsAOneLineUserErrorNamingIt() {
    Path absent = dir.resolve("absent");
    VitpException e = assertThrows(VitpException.class, () -> source(absent));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertEquals("Expected an existing image folder. Received: root=" + absent, e.getMessage());

    Path file = image(dir.resolve("one.png"), 4, 4, 1);
    assertThrows(VitpException.class, () -> source(file));

    Path empty = dir.resolve("empty");
    image(empty.resolve(".hidden.png"), 4, 4, 1);
    text(empty.resolve("sub/readme.txt"), "nothing to see");
    VitpException none = assertThrows(VitpException.class, () -> source(empty));
    assertEquals(ErrorCode.USER_ERROR, none.code());
    assertEquals("Expected image files (bmp, jpeg, jpg, png, tif, tiff) under the image folder, "
        + "hidden ones left out. Received: root=" + empty + " with none", none.getMessage());
  }

  @Test
  void configMistakesAreUserErrors() {
    assertThrows(VitpException.class, () -> ImageFolderConfig.of(" "));
    assertThrows(VitpException.class, () -> ImageFolderConfig.of("x").withMaxReported(-1));
    VitpException crop = assertThrows(VitpException.class,
        () -> ImageFolderConfig.of("x").withAugment(new Augmentation(0.5, 0.5, 0.6)));
    assertTrue(crop.getMessage().contains("Received: crop=0.5"), crop.getMessage());
    Path root = folder(1);
    assertThrows(VitpException.class, () -> new ImageFolderSource(
        ImageFolderConfig.of(root.toString()).withNormalization("sepia")));
  }
}
