package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.remotesensing.RemoteSensingDomain;
import dev.vitp.plugins.tasks.data.Datasets;
import dev.vitp.plugins.tasks.data.GroundTruth;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.task.TaskBox;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote-sensing domain writes every detection split twice, as DOTA label files and as COCO
 * json; read back by the same readers {@code vitp finetune} uses, both describe the same objects.
 */
class GeneratedDetectionLabelsTest {
  private static final int SIZE = 64;
  @TempDir static Path dir;

  @BeforeAll
  static void generate() {
    new RemoteSensingDomain().generate(
        GenerationRequest.of(dir, 40, 11, SIZE).withThreads(2).withDownstreamSamples(60));
  }

  @Test
  void dotaAndCocoDescribeTheSameObjects() {
    for (String task : List.of("object-detection", "sar-object-detection")) {
      Path data = dir.resolve("downstream").resolve(task);
      for (String split : List.of("train", "val")) {
        GroundTruth coco = Datasets.groundTruth(data, split, "coco", BadRecordPolicy.FAIL);
        GroundTruth dota = Datasets.groundTruth(data, split, "dota", BadRecordPolicy.FAIL);
        assertTrue(dota.oriented());
        Map<String, GroundTruth.Image> dotaByName = byName(dota);
        assertEquals(byName(coco).keySet(), dotaByName.keySet(), task + " " + split);
        int objects = 0;
        for (GroundTruth.Image image : coco.images()) {
          List<TaskBox> tight = image.boxes();
          List<TaskBox> oriented = dotaByName.get(name(image)).boxes();
          assertEquals(tight.size(), oriented.size(), image.file().toString());
          for (int k = 0; k < tight.size(); k++) {
            TaskBox c = tight.get(k);
            TaskBox o = oriented.get(k);
            assertEquals(className(coco, c), className(dota, o), image.file() + " object " + k);
            assertTrue(c.x1() >= 0 && c.y1() >= 0 && c.x2() <= SIZE && c.y2() <= SIZE, c::toString);
            // The tight pixel box lies inside the oriented box's bounds (DOTA keeps one decimal).
            assertTrue(c.x1() >= o.x1() - 0.6 && c.y1() >= o.y1() - 0.6 && c.x2() <= o.x2() + 0.6
                && c.y2() <= o.y2() + 0.6, c + " vs " + o);
          }
          objects += tight.size();
        }
        assertTrue(objects > coco.images().size(), "most images have objects: " + objects);
      }
    }
  }

  private static Map<String, GroundTruth.Image> byName(GroundTruth truth) {
    return truth.images().stream().collect(Collectors.toMap(GeneratedDetectionLabelsTest::name,
        Function.identity()));
  }

  private static String name(GroundTruth.Image image) {
    return image.file().getFileName().toString();
  }

  /** DOTA writes {@code storage-tank} where COCO says {@code storage tank}. */
  private static String className(GroundTruth truth, TaskBox box) {
    return truth.classes().get(box.cls()).toLowerCase(Locale.ROOT).replace('-', ' ');
  }
}
