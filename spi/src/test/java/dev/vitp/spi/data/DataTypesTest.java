package dev.vitp.spi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataTypesTest {
  @Test
  void loaderOptionsRejectNonsense() {
    VitpException e = assertThrows(VitpException.class,
        () -> LoaderOptions.builder().batchSize(0).build());
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertEquals("Expected batchSize >= 1. Received: batchSize=0", e.getMessage());
    LoaderOptions o = LoaderOptions.builder().seed(3).epoch(2).build();
    assertEquals(o, o.toBuilder().build());
  }

  @Test
  void batchesMustBeConsistent() {
    InstructionRecord r = new InstructionRecord("a", List.of("x.png"),
        List.of(new Turn(Role.HUMAN, "<image>\nq"), new Turn(Role.GPT, "a")));
    SampleMeta m = new SampleMeta("a", "d", "f:1", 0, List.of("x.png"), List.of(), List.of());
    InstructionBatch b = new InstructionBatch(new float[3 * 4], 1, 3, 2, 2, new int[] {1},
        List.of(r), List.of(m));
    assertEquals(1, b.size());
    assertEquals(0, b.firstImageOf(0));
    assertThrows(VitpException.class, () -> new InstructionBatch(new float[5], 1, 3, 2, 2,
        new int[] {1}, List.of(r), List.of(m)));
  }

  @Test
  void skipSummaryReportsCountsNotesAndExamples() {
    SkipSummary s = new SkipSummary(10, 7, Map.of(SkipReason.BAD_BOX, 2L,
        SkipReason.MISSING_IMAGE, 1L), Map.of("unknown field 'w'", 3L),
        List.of("a.jsonl:3: invalid box: …"));
    assertEquals(3, s.totalSkipped());
    assertTrue(s.report().contains("skipped 1 × missing image"), s.report());
    assertTrue(s.report().contains("a.jsonl:3: invalid box"), s.report());
    assertEquals(0, SkipSummary.empty().totalSkipped());
  }

  @Test
  void singleBandImagesUseTheirOwnStatisticsWhenSet() {
    ImageNormalization n = ImageNormalization.internVl().withGray(0.3f, 0.2f);
    assertEquals(0.485f, n.mean(0, 3));
    assertEquals(0.3f, n.mean(2, 1));
    assertEquals(0.229f, ImageNormalization.internVl().std(0, 1));
    assertThrows(VitpException.class, () -> n.withGray(0.3f, 0f));
  }

  @Test
  void generationRequestsAreValidated() {
    assertThrows(VitpException.class, () -> GenerationRequest.of(Path.of("x"), 0, 1, 64));
    assertThrows(VitpException.class, () -> GenerationRequest.of(Path.of("x"), 10, 1, 8));
    assertEquals(20, GenerationRequest.of(Path.of("x"), 10, 1, 64).downstreamSamples());
  }
}
