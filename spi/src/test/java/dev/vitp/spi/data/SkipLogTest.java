package dev.vitp.spi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.task.SkippedFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkipLogTest {
  @Test
  void recordsAreCountedPerReasonWithTheFirstExamplesAndNotes() {
    SkipLog<SkipReason> log = SkipLog.ofRecords(BadRecordPolicy.SKIP, 2);
    log.kept();
    log.skip("a.jsonl:3", SkipReason.MISSING_IMAGE, "img/x.png");
    log.skip("a.jsonl:5", SkipReason.BAD_BOX, "x2 < x1");
    log.skip("a.jsonl:9", SkipReason.MISSING_IMAGE, "img/y.png");
    log.note("unknown field 'foo'");
    log.note("unknown field 'foo'");
    SkipSummary summary = SkipSummary.of(log);
    assertEquals(4, summary.read());
    assertEquals(1, summary.kept());
    // Declaration order of the reasons, whatever order they came in.
    assertEquals(List.of(SkipReason.MISSING_IMAGE, SkipReason.BAD_BOX),
        List.copyOf(summary.skipped().keySet()));
    assertEquals(2, summary.skipped(SkipReason.MISSING_IMAGE));
    assertEquals(Map.of("unknown field 'foo'", 2L), summary.notes());
    assertEquals(List.of("a.jsonl:3: missing image: img/x.png", "a.jsonl:5: invalid box: x2 < x1"),
        summary.examples());
  }

  @Test
  void filesKeepTheirDetailInParenthesesAndSortReasonsByName() {
    SkipLog<String> log = SkipLog.ofFiles(BadRecordPolicy.SKIP);
    log.skip("b.png", "unknown class", "class 'x'");
    log.skip("a.png", "corrupt image", "");
    SkippedFiles files = SkippedFiles.of(log);
    assertEquals(2, files.skipped());
    assertEquals(List.of("corrupt image", "unknown class"), List.copyOf(files.byReason().keySet()));
    assertEquals(List.of("b.png: unknown class (class 'x')", "a.png: corrupt image"),
        files.examples());
    assertEquals("skipped 2 file(s)\n  1 × corrupt image\n  1 × unknown class\n  first:\n"
        + "    b.png: unknown class (class 'x')\n    a.png: corrupt image", files.report());
  }

  @Test
  void underPolicyFailTheFirstBadItemStopsWithItsLine() {
    SkipLog<SkipReason> records = SkipLog.ofRecords(BadRecordPolicy.FAIL, 5);
    VitpException e = assertThrows(VitpException.class,
        () -> records.skip("a.jsonl:2", SkipReason.MALFORMED_JSON, "unexpected '}'"));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertEquals("a.jsonl:2: malformed JSON: unexpected '}'", e.getMessage());
    assertEquals(0, records.read());

    SkipLog<String> files = SkipLog.ofFiles(BadRecordPolicy.FAIL);
    VitpException f = assertThrows(VitpException.class,
        () -> files.skip("a.png", "corrupt image", "truncated"));
    assertEquals("Expected only readable dataset files (policy fail). Received: a.png: corrupt "
        + "image (truncated)", f.getMessage());
  }
}
