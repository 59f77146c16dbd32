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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** vitp experiment refuses bad input with one line and exit code 2, before anything runs. */
class ExperimentCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private void assertOneLineError(String expected, String... args) {
    err.getBuffer().setLength(0);
    List<String> all = new ArrayList<>(List.of("experiment"));
    all.addAll(List.of(args));
    all.addAll(List.of("--out", dir.resolve("exp").toString(), "--backend", "jvm"));
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    assertEquals(2, cmd.execute(all.toArray(String[]::new)), err.toString());
    String text = err.toString().strip();
    assertTrue(text.startsWith("vitp experiment: ") && text.contains(expected), text);
    assertFalse(text.contains("\n") || text.contains("\tat "), "one line, no trace: " + text);
    assertFalse(Files.exists(dir.resolve("exp").resolve("data")), "nothing ran");
  }

  @Test
  void badInputIsOneLine() throws IOException {
    assertOneLineError("Unknown experiment [ablation]; known options [vrl-sweep, "
        + "label-efficiency, robustness]", "ablation");
    assertOneLineError("Unknown task [colouring]", "vrl-sweep", "--task", "colouring");
    assertOneLineError("Expected each --task once", "robustness", "--task", "classification",
        "--task", "classification");
    assertOneLineError("--recipe and --data together", "label-efficiency", "--data",
        dir.toString());
    Path recipe = Files.writeString(dir.resolve("recipe.json"), "{}");
    assertOneLineError("downstream/scene-classification", "vrl-sweep", "--recipe",
        recipe.toString(), "--data", dir.resolve("mine").toString(), "--task",
        "classification");
    assertOneLineError("--corruptions with the robustness experiment only", "vrl-sweep",
        "--corruptions", "haze");
    assertOneLineError("Expected --seeds ≥ 1", "robustness", "--seeds", "0");
    assertOneLineError("Expected --epochs ≥ 1", "robustness", "--epochs", "0");
  }
}
