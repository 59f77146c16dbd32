package dev.vitp.plugins.domains.medical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.downstream.LabelMaps;
import dev.vitp.plugins.domains.image.ImageDecoder;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.plugins.domains.loader.InternVlSource;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.InstructionBatch;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.Nifti;
import dev.vitp.toolkit.image.NiftiDataType;
import dev.vitp.toolkit.image.NiftiVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generated medical output read back by the readers used for real data. */
class MedicalGenerationTest {
  private static final int SIZE = 48;
  private static Path dir;
  private static GenerationReport report;

  @BeforeAll
  static void generate() {
    dir = Fixtures.tempDir();
    report = new MedicalDomain().generate(
        GenerationRequest.of(dir, 80, 3, SIZE).withThreads(2).withDownstreamSamples(40));
  }

  @AfterAll
  static void clean() {
    Fixtures.deleteTree(dir);
  }

  private static Path task(String name) {
    return dir.resolve("downstream").resolve(name);
  }

  @Test
  void instructionDataIsReadBackAndDecoded() {
    assertEquals(80L, report.records().values().stream().mapToLong(Long::longValue).sum());
    InternVlSource source = new InternVlSource(InternVlJsonlConfig.of(report.recipe().toString())
        .withPolicy(BadRecordPolicy.FAIL).withNormalization("medical"));
    try (RecordStream s = source.open()) {
      s.forEachRemaining(r -> { });
      assertEquals(80, s.summary().kept());
      assertTrue(s.summary().notes().isEmpty());
    }
    int images = 0;
    try (BatchStream b = source.batches(LoaderOptions.builder().batchSize(8).imageSize(32).build())) {
      while (b.hasNext()) {
        InstructionBatch batch = b.next();
        images += batch.imageCount();
        for (float v : batch.images()) {
          assertTrue(Float.isFinite(v) && Math.abs(v) < 5);
        }
      }
    }
    assertEquals(report.records().get("med_ct") + report.records().get("med_xray")
        + 2 * report.records().get("med_mri") + report.records().get("general_shapes"), images);
    DecodedImage ct = ImageDecoder.decode(dir.resolve("med_ct/images/000/000000.png"));
    assertEquals(16, ct.bitDepth());
    assertEquals(1, ct.bands());
  }

  @Test
  void ctLabelsMatchTheHounsfieldUnitsOfTheirVoxels() {
    double[] expected = {20, 105, 120, 180, 180, 700, -850, 200, 35};
    int cases = 0;
    for (String split : List.of("train", "val")) {
      for (Path img : list(task("ct-organ-segmentation").resolve(split).resolve("images"))) {
        NiftiVolume v = Nifti.read(img);
        NiftiVolume l = Nifti.read(task("ct-organ-segmentation").resolve(split).resolve("labels")
            .resolve(img.getFileName()));
        assertEquals(NiftiDataType.INT16, v.header().datatype());
        assertEquals(NiftiDataType.UINT8, l.header().datatype());
        assertEquals(SIZE, v.header().nx());
        assertEquals(MedicalDomain.SLICES, v.header().nz());
        int[] seen = new int[expected.length];
        for (int i = 0; i < v.raw().length; i++) {
          int label = (int) l.value(i);
          float hu = v.value(i);
          seen[label]++;
          if (label > 0 && label != 8) {
            assertTrue(Math.abs(hu - expected[label]) < 70, "label " + label + " HU " + hu);
          } else if (label == 8) {
            assertTrue(hu < 80, "lesions are hypodense: " + hu);
          }
        }
        assertTrue(seen[1] > 0 && seen[5] > 0, "liver and vertebra in every volume");
        cases++;
      }
    }
    assertEquals(MedicalDomain.volumeCases(40), cases);
  }

  @Test
  void xrayMasksMatchTheirPixels() {
    for (Path img : list(task("xray-segmentation").resolve("train").resolve("images"))) {
      DecodedImage d = ImageDecoder.decode(img);
      LabelMaps.LabelMap m = LabelMaps.read(task("xray-segmentation").resolve("train")
          .resolve("masks").resolve(img.getFileName()));
      double[] sum = new double[4];
      int[] n = new int[4];
      for (int i = 0; i < d.pixels(); i++) {
        sum[m.labels()[i]] += d.data()[i];
        n[m.labels()[i]]++;
      }
      assertTrue(n[1] > 0 && n[2] > 0);
      double lung = sum[1] / n[1];
      double heart = sum[2] / n[2];
      assertTrue(lung < 0.45 && heart > 0.55, "dark lungs, bright heart: " + lung + " " + heart);
      if (n[3] > 0) {
        assertTrue(sum[3] / n[3] > lung + 0.15, "opacities are brighter than the lung");
      }
    }
  }

  @Test
  void mriSegmentationFollowsTheTwoContrasts() {
    int tumours = 0;
    for (String split : List.of("train", "val")) {
      for (Path c : list(task("mri-tumor-segmentation").resolve(split))) {
        String id = c.getFileName().toString();
        NiftiVolume t1 = Nifti.read(c.resolve(id + "_t1.nii.gz"));
        NiftiVolume t2 = Nifti.read(c.resolve(id + "_t2.nii.gz"));
        NiftiVolume seg = Nifti.read(c.resolve(id + "_seg.nii.gz"));
        assertEquals(NiftiDataType.FLOAT32, t1.header().datatype());
        boolean any = false;
        for (int i = 0; i < seg.raw().length; i++) {
          int l = (int) seg.value(i);
          if (l == MriPhantom.EDEMA) {
            assertTrue(t2.value(i) > 0.7f && t1.value(i) < 0.6f);
            any = true;
          } else if (l == MriPhantom.CORE) {
            assertTrue(t1.value(i) < 0.45f && t2.value(i) > 0.55f);
            any = true;
          }
        }
        tumours += any ? 1 : 0;
      }
    }
    assertTrue(tumours > 0);
  }

  /** NIfTI volumes are sliced into 2D samples by the same loader through {@code file#slice}. */
  @Test
  void niftiVolumesAreSlicedIntoTwoDimensionalSamples() {
    Path vol = list(task("ct-organ-segmentation").resolve("train").resolve("images")).get(0);
    List<String> lines = new ArrayList<>();
    for (int z = 0; z < MedicalDomain.SLICES; z++) {
      lines.add(Fixtures.qa("slice" + z, vol.getFileName() + "#" + z, "Which organs are visible?",
          "liver"));
    }
    Path jsonl = Fixtures.write(vol.getParent().resolve("slices.jsonl"), lines);
    InternVlSource s = new InternVlSource(InternVlJsonlConfig.of(jsonl.toString())
        .withNormalization("medical").withPolicy(BadRecordPolicy.FAIL));
    int n = 0;
    try (BatchStream b = s.batches(LoaderOptions.builder().batchSize(4).imageSize(SIZE)
        .shuffle(false).build())) {
      while (b.hasNext()) {
        InstructionBatch batch = b.next();
        assertEquals(1, batch.meta().get(0).images().get(0).bands());
        n += batch.size();
      }
    }
    assertEquals(MedicalDomain.SLICES, n);
    try {
      Files.delete(jsonl);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
