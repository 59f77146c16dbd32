package dev.vitp.plugins.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.tasks.testing.Fixtures;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.image.NiftiDataType;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every reader on small fixtures written in the real formats. */
class DatasetsTest {
  private Path root;

  @BeforeEach
  void setUp() {
    root = Fixtures.tempDir("datasets");
  }

  @AfterEach
  void tearDown() {
    Fixtures.deleteTree(root);
  }

  private static DatasetOptions size(int s) {
    return DatasetOptions.of(s);
  }

  private static BufferedImage plain(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  // ---- classification ----

  @Test
  void classFoldersGiveSortedClassesAndLabels() {
    Fixtures.classFolders(root, 2, 24, 1);
    Dataset d = Datasets.open(root, TaskKind.CLASSIFICATION, size(16));
    assertEquals("class-folders", d.format());
    assertEquals(List.of("airport", "desert", "harbor"), d.info().classes());
    assertEquals(6, d.train().size());
    TaskSample s = d.train().get(0);
    assertEquals("train/airport/airport_0.png", s.id());
    assertEquals(0, s.label());
    assertEquals(24, s.width());
    assertEquals(3 * 16 * 16, s.images().get(0).length);
    assertEquals(2, d.val().stream().filter(x -> x.label() == 1).count());
  }

  @Test
  void imagesOverTheBoundAreSkippedAsTooLargeOrStopUnderFail() {
    Fixtures.classFolders(root, 2, 24, 1);
    Fixtures.png(root.resolve("train/airport/big.png"), plain(40, 30, 0x336699));
    Dataset d = Datasets.open(root, TaskKind.CLASSIFICATION, size(16).withMaxImagePixels(24 * 24));
    assertEquals(6, d.train().size());
    assertEquals(1, d.skips().skipped());
    assertEquals(1L, d.skips().byReason().get(BadFile.TOO_LARGE));
    assertEquals(root.resolve("train/airport/big.png") + ": image too large (40x30 = 1200 pixels, "
        + "over the bound of 576 pixels (--max-image-pixels))", d.skips().examples().get(0));
    VitpException e = assertThrows(VitpException.class, () -> Datasets.open(root,
        TaskKind.CLASSIFICATION, size(16).withMaxImagePixels(576).withPolicy(BadRecordPolicy.FAIL)));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertEquals("Expected only readable dataset files (policy fail). Received: "
        + root.resolve("train/airport/big.png") + ": image too large (40x30 = 1200 pixels, over "
        + "the bound of 576 pixels (--max-image-pixels))", e.getMessage());
  }

  // ---- segmentation ----

  @Test
  void grayMaskPngsAreClassIdsWithNamesFromClassesTxt() {
    Fixtures.maskFolders(root, 3, 20, 2);
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(10));
    assertEquals("mask-png", d.format());
    assertEquals(List.of("background", "building", "water"), d.info().classes());
    TaskSample s = d.val().get(0);
    assertNotNull(s.fullMask());
    assertEquals(20, s.fullMask().width());
    assertEquals(100, s.mask().length);
    assertNull(d.train().get(0).fullMask()); // full masks are kept for validation only
  }

  @Test
  void paletteIndicesAreClassIds() {
    int[] ids = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
    for (String split : List.of("train", "val")) {
      Fixtures.png(root.resolve(split + "/images/a.png"), plain(4, 4, 0x808080));
      Fixtures.paletteMask(root.resolve(split + "/masks/a.png"), 4, 4, ids);
    }
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(4));
    assertArrayEquals(ids, d.train().get(0).mask());
    assertEquals(4, d.info().numClasses()); // derived from the largest id
    assertEquals("class_3", d.info().classes().get(3));
  }

  @Test
  void loveDaReducesZeroLabel() {
    int[] raw = {0, 1, 2, 7};
    for (String split : List.of("train", "val")) {
      Path base = root.resolve(split).resolve("Urban");
      Fixtures.png(base.resolve("images_png/1366.png"), plain(2, 2, 0x406080));
      Fixtures.grayMask(base.resolve("masks_png/1366.png"), 2, 2, raw);
    }
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(2));
    assertEquals("loveda", d.format());
    assertEquals(7, d.info().numClasses());
    assertArrayEquals(new int[] {255, 0, 1, 6}, d.train().get(0).mask());
  }

  @Test
  void uavidColoursGoThroughItsColourTable() {
    int[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 1};
    for (String split : List.of("train", "val")) {
      Path seq = root.resolve(split).resolve("seq1");
      Fixtures.png(seq.resolve("Images/000000.png"), plain(3, 3, 0x505050));
      Fixtures.colourMask(seq.resolve("Labels/000000.png"), 3, 3, ids, MaskCoding.UAVID_COLOURS);
    }
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(3).withFormat("uavid"));
    assertEquals(8, d.info().numClasses());
    assertEquals("moving car", d.info().classes().get(5));
    assertArrayEquals(ids, d.val().get(0).fullMask().values());
  }

  @Test
  void classesJsonPaletteMapsColourMasks() {
    int[] ids = {0, 1, 1, 0};
    List<int[]> colours = List.of(new int[] {10, 20, 30}, new int[] {200, 100, 0});
    for (String split : List.of("train", "val")) {
      Fixtures.png(root.resolve(split + "/images/x.png"), plain(2, 2, 0x505050));
      Fixtures.colourMask(root.resolve(split + "/labels/x_label.png"), 2, 2, ids, colours);
    }
    Fixtures.text(root.resolve("classes.json"),
        "{\"classes\": [\"ground\", \"roof\"], \"palette\": [[10, 20, 30], [200, 100, 0]]}");
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(2));
    assertEquals(List.of("ground", "roof"), d.info().classes());
    assertArrayEquals(ids, d.train().get(0).mask()); // x_label.png pairs with x.png
  }

  @Test
  void covidQuExMasksAreBinaryAndPreferInfectionMasks() {
    for (String split : List.of("train", "val")) {
      Path base = root.resolve(split).resolve("COVID-19");
      Fixtures.png(base.resolve("images/covid_1.png"), plain(2, 2, 0x303030));
      Fixtures.grayMask(base.resolve("infection masks/covid_1.png"), 2, 2,
          new int[] {0, 255, 255, 0});
      Fixtures.grayMask(base.resolve("lung masks/covid_1.png"), 2, 2, new int[] {255, 255, 255, 255});
    }
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(2));
    assertEquals("covidqu", d.format());
    assertEquals(List.of("background", "infection"), d.info().classes());
    assertArrayEquals(new int[] {0, 1, 1, 0}, d.train().get(0).mask());
  }

  @Test
  void isaidIsSelectedByNameAndRejectsIdsBeyondItsClasses() {
    for (String split : List.of("train", "val")) {
      Fixtures.png(root.resolve(split + "/images/P0001.png"), plain(2, 2, 0x303030));
      Fixtures.grayMask(root.resolve(split + "/masks/P0001_instance_color_RGB.png"), 2, 2,
          new int[] {0, 15, 3, 255});
      Fixtures.png(root.resolve(split + "/images/P0002.png"), plain(2, 2, 0x303030));
      Fixtures.grayMask(root.resolve(split + "/masks/P0002.png"), 2, 2, new int[] {0, 16, 0, 0});
    }
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(2).withFormat("isaid"));
    assertEquals(16, d.info().numClasses());
    assertEquals(1, d.train().size());
    assertArrayEquals(new int[] {0, 15, 3, 255}, d.train().get(0).mask());
    assertEquals(2, d.skips().byReason().get(BadFile.BAD_ANNOTATION));
  }

  @Test
  void niftiVolumesAreSlicedAxially() {
    int nx = 4;
    int ny = 3;
    int nz = 10;
    float[] image = new float[nx * ny * nz];
    float[] label = new float[nx * ny * nz];
    for (int i = 0; i < image.length; i++) {
      image[i] = -1000 + i * 7;
    }
    label[2 * nx * ny + 5] = 6; // foreground on slice 2 only
    for (String split : List.of("train", "val")) {
      Fixtures.nifti(root.resolve(split + "/imagesTr/amos_0001.nii.gz"), nx, ny, nz, image,
          NiftiDataType.INT16);
      Fixtures.nifti(root.resolve(split + "/labelsTr/amos_0001.nii.gz"), nx, ny, nz, label,
          NiftiDataType.UINT8);
    }
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(4).withFormat("amos"));
    assertEquals(16, d.info().numClasses());
    // Slice 2 (foreground) plus every 8th empty slice: empty slices 0, 1, 3, … → 0 and 9.
    List<String> ids = d.train().stream().map(TaskSample::id).toList();
    assertEquals(List.of("train/imagesTr/amos_0001.nii.gz#0", "train/imagesTr/amos_0001.nii.gz#2",
        "train/imagesTr/amos_0001.nii.gz#9"), ids);
    TaskSample s = d.val().get(1);
    assertEquals(6, s.fullMask().values()[5]);
    assertEquals(4, s.width());
    assertEquals(3, s.height());

    // The volume's voxels count against the bound, before its data are read: with both
    // volumes over it, no split has a sample left.
    VitpException e = assertThrows(VitpException.class, () -> Datasets.open(root,
        TaskKind.SEGMENTATION, size(4).withFormat("amos").withMaxImagePixels(nx * ny * nz - 1)));
    assertTrue(e.getMessage().contains("2 × image too large"), e.getMessage());
  }

  @Test
  void bratsCasesStackThreeModalitiesAndMapLabelFourToThree() {
    int n = 2 * 2 * 1;
    for (String split : List.of("train", "val")) {
      Path c = root.resolve(split).resolve("BraTS2021_00000");
      for (String m : List.of("flair", "t1", "t1ce", "t2")) {
        Fixtures.nifti(c.resolve("BraTS2021_00000_" + m + ".nii.gz"), 2, 2, 1,
            new float[] {0, 100, 200, 300}, NiftiDataType.FLOAT32);
      }
      Fixtures.nifti(c.resolve("BraTS2021_00000_seg.nii.gz"), 2, 2, 1, new float[] {0, 1, 2, 4},
          NiftiDataType.UINT8);
    }
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(2));
    assertEquals("brats", d.format());
    assertEquals(4, d.info().numClasses());
    assertArrayEquals(new int[] {0, 1, 2, 3}, d.train().get(0).mask());
    assertEquals(n, d.train().get(0).mask().length);
  }

  @Test
  void cocoPolygonsAreRasterisedForSegmentationAndRleIsUnsupported() {
    Fixtures.coco(root, 2, 20, 5);
    Dataset d = Datasets.open(root, TaskKind.SEGMENTATION, size(20));
    assertEquals("coco", d.format());
    assertEquals(List.of("background", "vehicle", "ship"), d.info().classes());
    assertTrue(java.util.Arrays.stream(d.train().get(0).mask()).anyMatch(v -> v > 0));

    Path rle = root.resolve("rle");
    for (String split : List.of("train", "val")) {
      Fixtures.png(rle.resolve(split + "/images/a.png"), plain(4, 4, 0));
      Fixtures.text(rle.resolve(split + "/instances.json"), "{\"images\":[{\"id\":1,"
          + "\"file_name\":\"a.png\",\"width\":4,\"height\":4}],\"annotations\":[{\"id\":7,"
          + "\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,2,2],\"iscrowd\":1,"
          + "\"segmentation\":{\"counts\":[0,4,12],\"size\":[4,4]}}],\"categories\":[{\"id\":1,"
          + "\"name\":\"ship\"}]}");
    }
    VitpException e = assertThrows(VitpException.class,
        () -> Datasets.open(rle, TaskKind.SEGMENTATION, size(4)));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertTrue(e.getMessage().contains("RLE"), e.getMessage());
    // Detection reads the bbox; the crowd box is kept as difficult (ignored by the metrics).
    Dataset det = Datasets.open(rle, TaskKind.DETECTION, size(4));
    assertTrue(det.train().get(0).boxes().get(0).difficult());
  }

  // ---- change detection ----

  @Test
  void levirStyleAndS2LookingStyleFolders() {
    Fixtures.changeFolders(root.resolve("levir"), 2, 16, 6, "A", "B");
    Dataset d = Datasets.open(root.resolve("levir"), TaskKind.CHANGE_DETECTION, size(8));
    assertEquals("change-detection", d.format());
    assertEquals(List.of("unchanged", "changed"), d.info().classes());
    TaskSample s = d.train().get(0);
    assertEquals(2, s.images().size());
    assertTrue(java.util.Arrays.stream(s.mask()).allMatch(v -> v == 0 || v == 1));
    assertTrue(java.util.Arrays.stream(s.mask()).anyMatch(v -> v == 1));

    Fixtures.changeFolders(root.resolve("s2"), 2, 16, 7, "Image1", "Image2");
    assertEquals(2, Datasets.open(root.resolve("s2"), TaskKind.CHANGE_DETECTION,
        size(8).withFormat("s2looking")).val().size());
  }

  @Test
  void aMissingSecondDateIsSkippedAsUnpaired() {
    Fixtures.changeFolders(root, 3, 8, 8, "A", "B");
    root.resolve("train/B/pair_1.png").toFile().delete();
    Dataset d = Datasets.open(root, TaskKind.CHANGE_DETECTION, size(8));
    assertEquals(2, d.train().size());
    assertEquals(1L, d.skips().byReason().get(BadFile.UNPAIRED));
    assertTrue(d.skips().examples().get(0).contains("pair_1.png: " + BadFile.UNPAIRED),
        d.skips().examples().toString());
  }

  // ---- detection ----

  @Test
  void dotaTextIsReadWithHeadersDifficultAndScaledCorners() {
    for (String split : List.of("train", "val")) {
      Fixtures.png(root.resolve(split + "/images/P0001.png"), plain(100, 50, 0x404040));
      Fixtures.text(root.resolve(split + "/labelTxt/P0001.txt"), "imagesource:GoogleEarth\n"
          + "gsd:0.146343590398\n10 10 30 10 30 20 10 20 small-vehicle 0\n"
          + "50 5 90 25 80 45 40 25 large-vehicle 1\n");
    }
    Dataset d = Datasets.open(root, TaskKind.DETECTION, size(50));
    assertEquals("dota", d.format());
    assertTrue(d.info().oriented());
    assertEquals(List.of("large-vehicle", "small-vehicle"), d.info().classes());
    List<TaskBox> boxes = d.train().get(0).boxes();
    assertEquals(2, boxes.size());
    TaskBox small = boxes.get(0);
    assertEquals(1, small.cls());
    assertArrayEquals(new float[] {5, 10, 15, 10, 15, 20, 5, 20}, small.polygon(), 1e-5f);
    assertTrue(boxes.get(1).difficult());
    assertEquals(100, d.train().get(0).width());
  }

  @Test
  void classListFilesMatchDotaNamesWrittenWithHyphens() {
    for (String split : List.of("train", "val")) {
      Fixtures.png(root.resolve(split + "/images/00001.png"), plain(20, 20, 0x404040));
      Fixtures.text(root.resolve(split + "/labelTxt/00001.txt"),
          "1 1 9 1 9 9 1 9 storage-tank 0\n");
    }
    Fixtures.text(root.resolve("task.json"), "{\"name\": \"object-detection\", "
        + "\"classes\": [\"plane\", \"storage tank\"]}");
    Dataset d = Datasets.open(root, TaskKind.DETECTION, size(20));
    assertEquals(List.of("plane", "storage tank"), d.info().classes());
    assertEquals(1, d.train().get(0).boxes().get(0).cls());
  }

  @Test
  void cocoAnnotationsBesideTheSplitFolders() {
    Fixtures.coco(root.resolve("tmp"), 2, 16, 13);
    for (String split : List.of("train", "val")) {
      Fixtures.png(root.resolve(split + "/images/img_0.png"), plain(16, 16, 0));
      Fixtures.png(root.resolve(split + "/images/img_1.png"), plain(16, 16, 0));
      try {
        java.nio.file.Files.createDirectories(root.resolve("annotations"));
        java.nio.file.Files.copy(root.resolve("tmp/" + split + "/annotations.json"),
            root.resolve("annotations/instances_" + split + ".json"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    Dataset d = Datasets.open(root, TaskKind.DETECTION, size(16).withFormat("coco"));
    assertEquals(2, d.train().size());
    assertEquals("train/images/img_0.png", d.train().get(0).id());
  }

  @Test
  void dotaV1NamesItsFifteenClasses() {
    Fixtures.dota(root, 2, 32, 9, true);
    Dataset d = Datasets.open(root, TaskKind.DETECTION, size(32).withFormat("dota-v1"));
    assertEquals(15, d.info().numClasses());
    assertEquals("plane", d.info().classes().get(0));
    assertEquals(18, Datasets.open(root, TaskKind.DETECTION, size(32).withFormat("dota-v2"))
        .info().numClasses());
  }

  @Test
  void diorVocHorizontalAndOrientedBoxes() {
    String xml = "<annotation><filename>00001.jpg</filename><size><width>80</width>"
        + "<height>80</height><depth>3</depth></size>"
        + "<object><name>Airplane</name><difficult>0</difficult><bndbox><xmin>8</xmin>"
        + "<ymin>16</ymin><xmax>40</xmax><ymax>32</ymax></bndbox></object></annotation>";
    String rxml = "<annotation><filename>00001.jpg</filename>"
        + "<object><name>ship</name><difficult>1</difficult><robndbox>"
        + "<x_left_top>10</x_left_top><y_left_top>10</y_left_top>"
        + "<x_right_top>50</x_right_top><y_right_top>10</y_right_top>"
        + "<x_right_bottom>50</x_right_bottom><y_right_bottom>30</y_right_bottom>"
        + "<x_left_bottom>10</x_left_bottom><y_left_bottom>30</y_left_bottom></robndbox>"
        + "<angle>0</angle></object>"
        + "<object><name>vehicle</name><robndbox><cx>60</cx><cy>60</cy><w>20</w><h>10</h>"
        + "<angle>1.5707963</angle></robndbox></object></annotation>";
    for (String split : List.of("train", "val")) {
      Fixtures.write(root.resolve(split + "/JPEGImages/00001.jpg"), plain(80, 80, 0x707070), "jpg");
      Fixtures.text(root.resolve(split + "/Annotations/Horizontal Bounding Boxes/00001.xml"), xml);
      Fixtures.text(root.resolve(split + "/Annotations/Oriented Bounding Boxes/00001.xml"), rxml);
    }
    Dataset hbb = Datasets.open(root, TaskKind.DETECTION, size(40));
    assertEquals("dior", hbb.format());
    assertFalse(hbb.info().oriented());
    assertEquals(List.of("airplane"), hbb.info().classes()); // lower-cased like mmrotate
    TaskBox b = hbb.train().get(0).boxes().get(0);
    assertEquals(4, b.x1(), 1e-5);
    assertEquals(8, b.y1(), 1e-5);
    assertEquals(20, b.x2(), 1e-5);
    assertEquals(16, b.y2(), 1e-5);

    Dataset obb = Datasets.open(root, TaskKind.DETECTION, size(80).withFormat("dior-r"));
    assertTrue(obb.info().oriented());
    assertEquals(List.of("ship", "vehicle"), obb.info().classes());
    List<TaskBox> boxes = obb.train().get(0).boxes();
    assertTrue(boxes.get(0).difficult());
    assertArrayEquals(new float[] {10, 10, 50, 10, 50, 30, 10, 30}, boxes.get(0).polygon());
    // cx/cy/w/h/angle: a 20×10 box turned 90° spans x 55..65, y 50..70.
    assertEquals(55, boxes.get(1).x1(), 1e-3);
    assertEquals(70, boxes.get(1).y2(), 1e-3);
  }

  @Test
  void cocoBoxesKeepCategoryOrder() {
    Fixtures.coco(root, 3, 24, 10);
    Dataset d = Datasets.open(root, TaskKind.DETECTION, size(12));
    assertEquals("coco", d.format());
    assertFalse(d.info().oriented());
    assertEquals(List.of("vehicle", "ship"), d.info().classes());
    assertEquals(3, d.val().size());
    for (TaskSample s : d.train()) {
      for (TaskBox b : s.boxes()) {
        assertTrue(b.x2() <= 12 + 1e-3 && b.x1() >= 0, b.toString());
      }
    }
  }

  // ---- bad files ----

  @Test
  void corruptFilesAreSkippedCountedAndTheFirstTwentyListed() {
    Fixtures.classFolders(root, 1, 8, 11);
    byte[] garbage = new byte[64];
    new SplittableRandom(1).nextBytes(garbage);
    for (int i = 0; i < 25; i++) {
      Fixtures.bytes(root.resolve("train/harbor/broken_" + i + ".png"), garbage);
    }
    Fixtures.bytes(root.resolve("train/desert/truncated.png"), java.util.Arrays.copyOf(
        pngBytes(), 40));
    Dataset d = Datasets.open(root, TaskKind.CLASSIFICATION, size(8));
    assertEquals(3, d.train().size());
    assertEquals(26, d.skips().skipped());
    assertEquals(26L, d.skips().byReason().get(BadFile.CORRUPT_IMAGE));
    assertEquals(SkipLog.FILE_EXAMPLES, d.skips().examples().size());
    assertTrue(d.skips().examples().get(0).contains("truncated.png: corrupt image"),
        d.skips().examples().get(0));
  }

  @Test
  void coordinatesFarOutsideTheImageAreBadAnnotationsInEveryBoxFormat() {
    // DOTA: 1e30 is a finite float, so only the image's size can tell it is nonsense; a corner
    // a little outside the tile (an object cut by its edge) is kept.
    Fixtures.dota(root, 2, 16, 12, false);
    Fixtures.text(root.resolve("train/labelTxt/P0000.txt"),
        "-3 2 20 2 20 9 -3 9 plane 0\n");
    Fixtures.text(root.resolve("train/labelTxt/P0001.txt"),
        "1e30 2 9 2 9 9 1 9 plane 0\n");
    Dataset dota = Datasets.open(root, TaskKind.DETECTION, size(16));
    assertEquals(1, dota.train().size(), "the tile with a corner just outside is kept");
    assertEquals(1L, dota.skips().byReason().get(BadFile.BAD_ANNOTATION));
    assertTrue(dota.skips().examples().get(0).contains("P0001.txt: bad annotation (object 1 "
        + "(plane): x=1.0E30 is not within [-16, 32] of the 16x16 image P0001.png)"),
        dota.skips().examples().get(0));
    VitpException fail = assertThrows(VitpException.class, () -> Datasets.open(root,
        TaskKind.DETECTION, size(16).withPolicy(BadRecordPolicy.FAIL)));
    assertFalse(fail.getMessage().contains("\n"), fail.getMessage());
    assertTrue(fail.getMessage().contains("P0001.txt: bad annotation"), fail.getMessage());
    Fixtures.deleteTree(root);

    // COCO: a width of 1e39 overflows to an infinite x2 once read as a float.
    Fixtures.coco(root, 2, 24, 10);
    Path ann = root.resolve("train/annotations.json");
    Fixtures.text(ann, readString(ann).replaceFirst("\"bbox\":\\[[^\\]]*\\]",
        "\"bbox\":[1,1,1e39,2]"));
    Dataset coco = Datasets.open(root, TaskKind.DETECTION, size(12));
    assertEquals(1, coco.train().size());
    assertTrue(coco.skips().examples().get(0).contains("x=Infinity is not within [-24, 48]"),
        coco.skips().examples().get(0));
    Fixtures.deleteTree(root);

    // VOC: a ymax far below the image.
    String xml = "<annotation><filename>00001.jpg</filename><object><name>ship</name>"
        + "<bndbox><xmin>8</xmin><ymin>16</ymin><xmax>40</xmax><ymax>9000</ymax></bndbox>"
        + "</object></annotation>";
    for (String split : List.of("train", "val")) {
      Fixtures.write(root.resolve(split + "/JPEGImages/00001.jpg"), plain(80, 80, 0x707070),
          "jpg");
      Fixtures.write(root.resolve(split + "/JPEGImages/00002.jpg"), plain(80, 80, 0x707070),
          "jpg");
      Fixtures.text(root.resolve(split + "/Annotations/00001.xml"), xml);
      Fixtures.text(root.resolve(split + "/Annotations/00002.xml"), xml.replace("00001", "00002")
          .replace("9000", "70"));
    }
    Dataset voc = Datasets.open(root, TaskKind.DETECTION, size(40));
    assertEquals("dior", voc.format());
    assertEquals(1, voc.train().size());
    assertEquals(2L, voc.skips().byReason().get(BadFile.BAD_ANNOTATION), "one per split");
    assertTrue(voc.skips().examples().get(0).contains("y=9000.0 is not within [-80, 160]"),
        voc.skips().examples().get(0));
  }

  private static String readString(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void policyFailStopsAtTheFirstBadFileNamingIt() {
    Fixtures.dota(root, 2, 16, 12, false);
    Fixtures.text(root.resolve("train/labelTxt/P0001.txt"), "1 2 3 4 5 6 7 plane 0\n");
    Dataset skipped = Datasets.open(root, TaskKind.DETECTION, size(16));
    assertEquals(1, skipped.train().size());
    assertTrue(skipped.skips().examples().get(0).contains("P0001.txt: bad annotation (line 1"),
        skipped.skips().examples().get(0));
    VitpException e = assertThrows(VitpException.class, () -> Datasets.open(root,
        TaskKind.DETECTION, size(16).withPolicy(BadRecordPolicy.FAIL)));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().contains("P0001.txt: bad annotation"), e.getMessage());
  }

  @Test
  void unknownLayoutsAndFormatsSayWhatIsKnown() {
    Fixtures.text(root.resolve("train/readme.txt"), "nothing here");
    Fixtures.text(root.resolve("val/readme.txt"), "nothing here");
    VitpException layout = assertThrows(VitpException.class,
        () -> Datasets.open(root, TaskKind.DETECTION, size(8)));
    assertTrue(layout.getMessage().contains("dota: ") && layout.getMessage().contains("readme.txt"),
        layout.getMessage());
    VitpException name = assertThrows(VitpException.class,
        () -> Datasets.open(root, TaskKind.DETECTION, size(8).withFormat("yolo")));
    assertTrue(name.getMessage().startsWith("Unknown detection dataset format [yolo]; known "
        + "options [dota, dota-v1, dota-v2, dior, dior-r, coco]"), name.getMessage());
    VitpException noVal = assertThrows(VitpException.class,
        () -> Datasets.open(root.resolve("train"), TaskKind.DETECTION, size(8)));
    assertTrue(noVal.getMessage().startsWith("Expected a dataset folder with train/ and val/"));
  }

  private static byte[] pngBytes() {
    try {
      var out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(plain(16, 16, 0x123456), "png", out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
