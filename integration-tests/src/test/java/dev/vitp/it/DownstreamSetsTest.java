package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.plugins.tasks.data.Dataset;
import dev.vitp.plugins.tasks.data.DatasetOptions;
import dev.vitp.plugins.tasks.data.Datasets;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.task.TaskKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The downstream sets the domain generators write are read by the task plugin's readers: the two
 * plugins meet only through the real on-disk formats.
 */
class DownstreamSetsTest {
  private static Path out;

  @BeforeAll
  static void generate() throws IOException {
    out = Files.createTempDirectory("vitp-downstream-sets");
    for (String domain : new String[] {"remote-sensing", "medical"}) {
      DomainGenerator.domain(domain).generate(new GenerationRequest(out.resolve(domain), 10, 7, 32,
          1, 10));
    }
  }

  @AfterAll
  static void clean() throws IOException {
    try (var files = Files.walk(out)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Dataset open(String domain, String task, TaskKind kind, String format) {
    Path dir = out.resolve(domain).resolve("downstream").resolve(task);
    Dataset d = Datasets.open(dir, kind, DatasetOptions.of(32).withFormat(format));
    assertEquals(0, d.skips().skipped(), d.skips().toString());
    assertFalse(d.train().isEmpty());
    assertFalse(d.val().isEmpty());
    return d;
  }

  private static Dataset detected(String domain, String task, TaskKind kind, String expected) {
    Dataset d = open(domain, task, kind, null);
    assertEquals(expected, d.format());
    return d;
  }

  @Test
  void remoteSensingSets() {
    assertEquals(10, detected("remote-sensing", "scene-classification", TaskKind.CLASSIFICATION,
        "class-folders").info().numClasses());
    Dataset seg = detected("remote-sensing", "land-cover-segmentation", TaskKind.SEGMENTATION,
        "mask-png");
    assertEquals("background", seg.info().classes().get(0));
    Dataset dota = detected("remote-sensing", "object-detection", TaskKind.DETECTION, "dota");
    assertTrue(dota.info().oriented());
    assertTrue(dota.info().classes().contains("storage tank"));
    assertTrue(dota.train().stream().anyMatch(s -> !s.boxes().isEmpty()));
    Dataset coco = open("remote-sensing", "object-detection", TaskKind.DETECTION, "coco");
    assertFalse(coco.info().oriented());
    assertEquals(dota.train().size(), coco.train().size());
    Dataset sar = detected("remote-sensing", "sar-object-detection", TaskKind.DETECTION, "dota");
    assertEquals(32, sar.train().get(0).width());
    Dataset change = detected("remote-sensing", "change-detection", TaskKind.CHANGE_DETECTION,
        "change-detection");
    assertTrue(change.train().stream().anyMatch(s -> java.util.Arrays.stream(s.mask())
        .anyMatch(v -> v == 1)));
  }

  @Test
  void medicalSets() {
    Dataset ct = detected("medical", "ct-organ-segmentation", TaskKind.SEGMENTATION, "nifti");
    assertEquals(9, ct.info().numClasses());
    assertTrue(ct.train().get(0).id().contains(".nii.gz#"));
    detected("medical", "xray-segmentation", TaskKind.SEGMENTATION, "mask-png");
    Dataset mri = detected("medical", "mri-tumor-segmentation", TaskKind.SEGMENTATION, "brats");
    assertEquals(3, mri.info().numClasses()); // the generator's task.json, not BraTS' four
  }
}
