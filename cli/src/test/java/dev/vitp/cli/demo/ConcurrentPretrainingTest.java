package dev.vitp.cli.demo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child-process pretraining: a run that fails is reported with its command, exit code and log. */
class ConcurrentPretrainingTest {
  @TempDir Path dir;

  @Test
  void aFailingRunNamesItsExitCodeLastWordsAndLog() throws Exception {
    Path missing = dir.resolve("no-such-recipe.json");
    Path runDir = dir.resolve("run");
    Map<String, ConcurrentPretraining.Run> runs = new LinkedHashMap<>();
    runs.put("broken", new ConcurrentPretraining.Run(runDir, List.of("pretrain", "--recipe",
        missing.toString(), "--steps", "2", "--out", runDir.toString())));
    StringWriter console = new StringWriter();

    VitpException e = assertThrows(VitpException.class,
        () -> new ConcurrentPretraining(new PrintWriter(console, true), 2).run(runs, dir));

    Path log = dir.resolve("broken.log");
    assertTrue(Files.isRegularFile(log), "the child's output is kept");
    assertTrue(e.getMessage().contains("exit code 2") && e.getMessage().contains(log.toString())
        && e.getMessage().contains("it said: vitp pretrain: Expected an existing recipe file"),
        e.getMessage());
  }
}
