package dev.vitp.it;

import dev.vitp.it.InProcessCli.Result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.cli.VitpCli;
import dev.vitp.plugins.domains.image.ImageDecoder;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.HostileFiles;
import dev.vitp.toolkit.image.ImageCodec;
import dev.vitp.toolkit.image.Nifti;
import dev.vitp.toolkit.image.NiftiDataType;
import dev.vitp.toolkit.image.NiftiHeader;
import dev.vitp.toolkit.image.NiftiVolume;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files through the real commands (issue 21): decompression bombs (PNG, TIFF, NIfTI) are
 * refused from their headers, lying NIfTI headers are one-line errors, a multi-band TIFF decodes
 * the same way everywhere, and a heap exhausted by one image skips that image. Under {@code skip}
 * each bad file is counted and named and the run finishes; under {@code fail} the run stops with
 * one line and exit 2.
 */
class DecoderFaultInjectionTest {
  private static final String BOUND = "over the bound of 89478485 pixels (--max-image-pixels)";

  @TempDir static Path dir;
  private static Path images;

  /** Bombs and hostile headers, written once: each is a few hundred KB at most. */
  @BeforeAll
  static void buildHostileFiles() {
    images = dir.resolve("images");
    // 20000 x 20000 grey, ~400 KB: 1.6 GB of float planes once decoded.
    HostileFiles.write(images.resolve("bomb.png"), HostileFiles.png(20_000, 20_000));
    // 30000 x 30000, every strip pointing at one deflated row of zeros.
    HostileFiles.write(images.resolve("bomb.tif"),
        HostileFiles.tiff(30_000, 30_000, 1, 8, null, true));
    // 1024 x 1024 x 1240 uint8 in ~1.3 MB that really inflate to 1.3 GB.
    HostileFiles.niftiGzBomb(images.resolve("bomb.nii.gz"),
        new int[] {3, 1024, 1024, 1240, 1, 1, 1, 1}, 1 << 20, 1240);
    HostileFiles.write(images.resolve("nan.nii"), HostileFiles.niftiWithFloat(108, Float.NaN));
    HostileFiles.write(images.resolve("far.nii"), HostileFiles.niftiWithFloat(108, 1e20f));
    HostileFiles.write(images.resolve("multi.tif"), multiBand(16, 12));
    for (int i = 0; i < 4; i++) {
      png(images.resolve("good" + i + ".png"), 64, 64, i);
    }
  }

  /** A 7-band 16-bit TIFF (grey + 6 extra samples, as GDAL writes multispectral images). */
  private static byte[] multiBand(int w, int h) {
    int[] v = new int[w * h * 7];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) (i * 2654435761L % 65536);
    }
    return HostileFiles.tiff(w, h, 7, 16, HostileFiles.rows16(w, h, 7, v), false);
  }

  // ---- pretraining ----

  @Test
  void pretrainingSkipsAndNamesEveryBombFinishesAndResumesWithAnotherBound() throws Exception {
    Path recipe = recipe("pretrain-skip");
    Path run = dir.resolve("run-skip");
    Result r = vitp("pretrain", "--recipe", recipe.toString(), "--steps", "3", "--batch", "2",
        "--workers", "2", "--out", run.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Finished after 3/3 steps"), r.out());
    assertTrue(r.out().contains("skipped 3 × image too large"), r.out());
    assertTrue(r.out().contains("skipped 1 × corrupt image"), r.out());
    for (String name : List.of("bomb.png (bomb.png: 20000x20000 = 400000000 pixels, " + BOUND,
        "bomb.tif (bomb.tif: 30000x30000 = 900000000 pixels, " + BOUND,
        "bomb.nii.gz#0 (bomb.nii.gz: dims [1024, 1024, 1240] = 1300234240 voxels, over the bound "
            + "of 89478485 voxels (--max-image-pixels))", "vox_offset=NaN")) {
      assertTrue(r.out().contains(name), name + " in\n" + r.out());
    }
    // The bound is a resource setting: a resumed run may change it, and says so.
    Result resumed = vitp("pretrain", "--resume", "--extend", "--steps", "4", "--out",
        run.toString(), "--max-image-pixels", "5000");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("Applied on resume: maxImagePixels 89478485 -> 5000"),
        resumed.out());
    assertTrue(resumed.out().contains("Finished after 4/4 steps"), resumed.out());
    assertEquals(5000, new ObjectMapper().readTree(run.resolve("run.json").toFile())
        .get("maxImagePixels").asLong());
  }

  @Test
  void pretrainingUnderFailStopsAtTheFirstBombWithOneLine() {
    Path recipe = recipe("pretrain-fail");
    Result r = vitp("pretrain", "--recipe", recipe.toString(), "--on-bad-record", "fail",
        "--steps", "3", "--batch", "2", "--out", dir.resolve("run-fail").toString());
    assertEquals(2, r.exit(), r.out());
    assertOneLine(r.err(), ".jsonl:");
    assertTrue(r.err().contains(": image too large: ") || r.err().contains("vox_offset=NaN"),
        r.err());
  }

  /**
   * A single {@code .jsonl} recipe beside the images (its paths are relative to its folder): four
   * good records, the three bombs and a NIfTI whose vox_offset is NaN.
   */
  private static Path recipe(String name) {
    List<String> lines = new ArrayList<>();
    List<String> refs = List.of("good0.png", "good1.png", "good2.png", "good3.png", "bomb.png",
        "bomb.tif", "bomb.nii.gz#0", "nan.nii#0");
    for (int i = 0; i < refs.size(); i++) {
      lines.add("{\"id\": \"r" + i + "\", \"image\": \"" + refs.get(i) + "\", "
          + "\"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nWhat is in "
          + "the picture?\"}, {\"from\": \"gpt\", \"value\": \"fields and a road " + i % 2
          + "\"}]}");
    }
    try {
      return Files.write(images.resolve(name + ".jsonl"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- fine-tuning ----

  @Test
  void fineTuningSkipsImageBombsUnderSkipAndStopsWithOneLineUnderFail() throws IOException {
    Path data = dir.resolve("classes");
    for (String split : List.of("train", "val")) {
      for (String c : List.of("field", "town")) {
        for (int i = 0; i < 2; i++) {
          png(data.resolve(split).resolve(c).resolve(c + i + ".png"), 32, 32, c.hashCode() + i);
        }
      }
    }
    Files.copy(images.resolve("bomb.png"), data.resolve("train/field/bomb.png"));
    Files.copy(images.resolve("bomb.tif"), data.resolve("train/town/bomb.tif"));
    Result r = finetune(data, "skip", "classes-skip");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("4 train / 4 val samples"), r.out());
    assertTrue(r.out().contains("skipped 2 file(s): {image too large=2}, first: "
        + data.resolve("train/field/bomb.png") + ": image too large (20000x20000 = 400000000 "
        + "pixels, " + BOUND + ")"), r.out());

    Result f = finetune(data, "fail", "classes-fail");
    assertEquals(2, f.exit(), f.out());
    assertOneLine(f.err(), "Expected only readable dataset files (policy fail). Received: "
        + data.resolve("train/field/bomb.png") + ": image too large (20000x20000");
  }

  @Test
  void fineTuningOnNiftiSkipsTheGzipBombAndLyingHeadersOrStopsWithOneLine() {
    Path skip = niftiSet(dir.resolve("amos-skip"), List.of("a_bomb.nii.gz", "c_nan.nii"));
    Result r = finetune(skip, "skip", "amos-skip-out");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("skipped 2 file(s): {corrupt image=1, image too large=1}, first: "
        + skip.resolve("train/imagesTr/a_bomb.nii.gz") + ": image too large (dims [1024, 1024, "
        + "1240] = 1300234240 voxels, over the bound of 89478485 voxels (--max-image-pixels))"),
        r.out());

    Path fail = niftiSet(dir.resolve("amos-fail"), List.of("d_far.nii"));
    Result f = finetune(fail, "fail", "amos-fail-out");
    assertEquals(2, f.exit(), f.out());
    assertOneLine(f.err(), "Expected only readable dataset files (policy fail). Received: "
        + fail.resolve("train/imagesTr/d_far.nii") + ": corrupt image (Expected a NIfTI-1 file "
        + "with vox_offset a whole number from 352 to the file size 400. Received: "
        + fail.resolve("train/imagesTr/d_far.nii") + " with vox_offset=1.0E20)");
  }

  /**
   * AMOS layout: a good 4x3x2 volume per split, plus {@code hostile} files (copies of the bombs)
   * in train, each with a good label so that the image itself is what is refused.
   */
  private static Path niftiSet(Path root, List<String> hostile) {
    float[] image = new float[24];
    float[] label = new float[24];
    for (int i = 0; i < 24; i++) {
      image[i] = i * 10;
      label[i] = i % 5 == 0 ? 1 : 0;
    }
    NiftiHeader h = NiftiHeader.of(NiftiDataType.INT16, 4, 3, 2, 1, 1, 1);
    for (String split : List.of("train", "val")) {
      Nifti.write(root.resolve(split + "/imagesTr/b_good.nii.gz"), new NiftiVolume(h, image));
      Nifti.write(root.resolve(split + "/labelsTr/b_good.nii.gz"), new NiftiVolume(h, label));
    }
    for (String name : hostile) {
      String source = name.substring(2);
      try {
        Files.copy(images.resolve(source), root.resolve("train/imagesTr/" + name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Nifti.write(root.resolve("train/labelsTr/" + name), new NiftiVolume(h, label));
    }
    return root;
  }

  private static Result finetune(Path data, String policy, String out) {
    return vitp("finetune", "--task", data.getFileName().toString().startsWith("amos")
            ? "segmentation" : "classification", "--data", data.toString(), "--out",
        dir.resolve(out).toString(), "--epochs", "1", "--batch", "4", "--on-bad-file", policy);
  }

  // ---- embedding ----

  @Test
  void embeddingSkipsAndNamesTheBombsAndEmbedsTheSevenBandTiff() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("embed"));
    for (String name : List.of("good0.png", "good1.png", "bomb.png", "bomb.tif", "multi.tif")) {
      Files.copy(images.resolve(name), folder.resolve(name));
    }
    Path features = dir.resolve("features.safetensors");
    Result r = vitp("embed", "--backbone", "random", "--images", folder.toString(), "--out",
        features.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("for 3 images (2 skipped)"), r.out());
    assertTrue(r.out().contains("skipped bomb.png: Expected an image of at most 89478485 pixels "
        + "(--max-image-pixels). Received: file=" + folder.resolve("bomb.png")
        + " with 20000x20000 = 400000000 pixels"), r.out());
    assertTrue(r.out().contains("skipped bomb.tif: Expected an image of at most 89478485 pixels"),
        r.out());
    try (SafeTensorsFile f = SafeTensorsFile.open(features)) {
      assertEquals(3, f.entry("features").shape().dim(0));
    }
    JsonNode index = new ObjectMapper().readTree(
        features.resolveSibling("features.safetensors.json").toFile());
    assertEquals("[\"good0.png\",\"good1.png\",\"multi.tif\"]", index.get("images").toString());
  }

  // ---- one decoder per format ----

  @Test
  void aSevenBand16BitTiffDecodesTheSameWayInEveryCommandAndWithEitherTiffReader() {
    Path multi = images.resolve("multi.tif");
    DecodedImage pretraining = ImageDecoder.decode(multi); // the pretraining loader's entry
    DecodedImage elsewhere = ImageCodec.decode(multi); // fine-tuning's and embed's entry
    // TwelveMonkeys' TIFF reader first instead of the JDK's: the band rule does not depend on it.
    DecodedImage otherReader = ImageCodec.decode(multi, ImageCodec.READER_ORDER.reversed());
    int w = 16;
    int h = 12;
    float[] expected = new float[3 * w * h];
    for (int b = 0; b < 3; b++) {
      for (int p = 0; p < w * h; p++) {
        expected[b * w * h + p] = (int) ((p * 7L + b) * 2654435761L % 65536) / 65535f;
      }
    }
    for (DecodedImage d : List.of(pretraining, elsewhere, otherReader)) {
      assertEquals(3, d.bands());
      assertEquals(16, d.bitDepth());
      assertArrayEquals(expected, d.data(), 1e-7f);
    }
  }

  // ---- a heap exhausted by one image ----

  @Test
  void anImageThatExhaustsTheHeapIsAPretrainingWorkersNamedSkipNotAnInternalError()
      throws Exception {
    // 8000 x 8000 grey is within the pixel bound, but its 64 MB raster and 256 MB of float
    // planes do not fit beside the model in a 160 MB heap. The OutOfMemoryError in the loader
    // worker (wrapped in an IIOException by the JDK's PNG reader) skips that record, by name.
    Path folder = Files.createDirectories(dir.resolve("heap"));
    HostileFiles.write(folder.resolve("big.png"), HostileFiles.png(8000, 8000));
    List<String> lines = new ArrayList<>();
    for (String image : List.of("big.png", "good0.png", "good1.png", "good2.png", "good3.png")) {
      if (!image.equals("big.png")) {
        Files.copy(images.resolve(image), folder.resolve(image));
      }
      lines.add("{\"id\": \"" + image + "\", \"image\": \"" + image + "\", \"conversations\": "
          + "[{\"from\": \"human\", \"value\": \"<image>\\nWhat?\"}, {\"from\": \"gpt\", "
          + "\"value\": \"fields\"}]}");
    }
    Path recipe = Files.write(folder.resolve("set.jsonl"), lines, StandardCharsets.UTF_8);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx160m", "-XX:+UseSerialGC",
        "-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), VitpCli.class.getName(), "pretrain", "--recipe",
        recipe.toString(), "--steps", "3", "--batch", "2", "--backend", "jvm", "--out",
        dir.resolve("run-heap").toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), output);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("Finished after 3/3 steps"), output);
    assertTrue(output.contains("skipped 1 × image too large"), output);
    assertTrue(output.contains("set.jsonl:1: image too large: big.png (big.png: ran out of memory "
        + "while decoding in a "), output);
  }

  // ---- helpers ----

  private static Result vitp(String... args) {
    return InProcessCli.vitp(args);
  }

  private static void assertOneLine(String err, String expectedPart) {
    String line = err.strip();
    assertEquals(1, line.lines().count(), err);
    assertTrue(line.matches("vitp [a-z-]+: .*"), "one line naming the command: " + err);
    assertTrue(line.contains(expectedPart), expectedPart + " in\n" + err);
  }

  private static void png(Path file, int w, int h, long seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    SplittableRandom r = new SplittableRandom(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
