package dev.vitp.api.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One owner per run folder, empty folders for new runs, and no orphans left behind. */
class RunFolderTest {
  @TempDir Path dir;

  private static boolean isOutput(String name) {
    return name.equals("metrics.jsonl") || name.startsWith("checkpoint");
  }

  @Test
  void aSecondClaimIsRefusedWithOneLineNamingTheHolderUntilTheFirstEnds() {
    Path run = dir.resolve("run");
    try (RunFolder first = RunFolder.claimNew(run, "vitp pretrain", false, RunFolderTest::isOutput)) {
      VitpException e = assertThrows(VitpException.class,
          () -> RunFolder.claimExisting(run, "vitp pretrain"));
      assertEquals(ErrorCode.USER_ERROR, e.code());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().contains("in use by pid " + ProcessHandle.current().pid()),
          e.getMessage());
    }
    RunFolder.claimExisting(run, "vitp pretrain").close(); // free again
  }

  @Test
  void aNewRunRefusesAFolderWithFilesUnlessOverwriteReplacesARunsOwn() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("metrics.jsonl"), "{}");
    Files.writeString(run.resolve("checkpoint-4.safetensors"), "x");
    VitpException refused = assertThrows(VitpException.class,
        () -> RunFolder.claimNew(run, "vitp pretrain", false, RunFolderTest::isOutput));
    assertTrue(refused.getMessage().contains("--overwrite"), refused.getMessage());
    assertTrue(Files.exists(run.resolve("metrics.jsonl")), "nothing deleted without --overwrite");

    Files.writeString(run.resolve("notes.txt"), "mine");
    VitpException foreign = assertThrows(VitpException.class,
        () -> RunFolder.claimNew(run, "vitp pretrain", true, RunFolderTest::isOutput));
    assertTrue(foreign.getMessage().contains("[notes.txt]"), foreign.getMessage());
    assertTrue(Files.exists(run.resolve("notes.txt")), "a file a run does not write is kept");

    Files.delete(run.resolve("notes.txt"));
    RunFolder.claimNew(run, "vitp pretrain", true, RunFolderTest::isOutput).close();
    assertFalse(Files.exists(run.resolve("metrics.jsonl")));
    assertFalse(Files.exists(run.resolve("checkpoint-4.safetensors")));
  }

  @Test
  void claimingRemovesTempFilesThatACrashedWriteLeft() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Path orphan = run.resolve(".checkpoint-8.safetensors123456.tmp");
    Files.writeString(orphan, "half a checkpoint");
    Files.writeString(run.resolve("checkpoint.json"), "{}");
    RunFolder.claimExisting(run, "vitp pretrain").close();
    assertFalse(Files.exists(orphan));
    assertTrue(Files.exists(run.resolve("checkpoint.json")));
  }
}
