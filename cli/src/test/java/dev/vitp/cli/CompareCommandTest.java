package dev.vitp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.api.Vitp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** vitp compare refuses bad input with one line and exit code 2, before any fine-tune runs. */
class CompareCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path data;
  private Path backbone;

  @BeforeEach
  void layout() throws IOException {
    data = dir.resolve("data");
    Files.createDirectories(data.resolve("downstream").resolve("scene-classification"));
    backbone = Files.writeString(dir.resolve("b.safetensors"), "not read before validation");
  }

  private int compare(String... extra) {
    List<String> args = new ArrayList<>(List.of("compare", "--out", dir.resolve("cmp").toString(),
        "--data", data.toString(), "--task", "classification"));
    args.addAll(List.of(extra));
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args.toArray(String[]::new));
  }

  private void assertOneLineError(String expected, String... args) {
    err.getBuffer().setLength(0);
    assertEquals(2, compare(args), err.toString());
    String text = err.toString().strip();
    assertTrue(text.startsWith("vitp compare: ") && text.contains(expected), text);
    assertFalse(text.contains("\n") || text.contains("\tat "), "one line, no trace: " + text);
    assertFalse(Files.exists(dir.resolve("cmp").resolve("classification")), "nothing ran");
  }

  @Test
  void badInputIsOneLine() {
    String vitp = "vitp=" + backbone;
    assertOneLineError("Unknown task [colouring]; known options [classification, segmentation, "
        + "change-detection, detection]", "--start", vitp, "--task", "colouring");
    assertOneLineError("no such file", "--start", "vitp=" + dir.resolve("missing.safetensors"));
    assertOneLineError("downstream/land-cover-segmentation", "--start", vitp, "--task",
        "segmentation");
    assertOneLineError("start name once. Received: name=vitp twice", "--start", vitp,
        "--start", "vitp=random");
    assertOneLineError("--seeds ≥ 1. Received: seeds=0", "--start", vitp, "--seeds", "0");
    assertOneLineError("--reference to name one of the starts [mae]", "--start", "mae=random");
    assertOneLineError("NAME=BACKBONE", "--start", "vitp");
    assertOneLineError("--seeds or --seed-list, not both", "--start", vitp, "--seeds", "2",
        "--seed-list", "1,2");
    assertOneLineError("distinct seeds", "--start", vitp, "--seed-list", "1,1");
  }
}
