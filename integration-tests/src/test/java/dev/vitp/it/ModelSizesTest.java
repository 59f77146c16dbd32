package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vitp pretrain --model sizes.json --text-tokens N}: sizes merged over the preset's,
 * saved in the run and its checkpoint, and a larger text budget cuts fewer conversations.
 */
class ModelSizesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CUT = Pattern.compile("Conversations cut at the text budget: (\\d+)");

  @Test
  void sizesOverThePresetAndALargerTextBudget(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    assertEquals(0, InProcessCli.vitp("generate", "--domain", "remote-sensing", "--out",
        data.toString(), "--samples", "40", "--image-size", "32").exit());
    Path sizes = dir.resolve("sizes.yaml");
    Files.writeString(sizes, "vit: {width: 96, heads: 3, depth: 2}\ndecoder: {width: 64, heads: 2}\n");

    InProcessCli.Result preset = pretrain(data, dir.resolve("preset"));
    InProcessCli.Result custom = pretrain(data, dir.resolve("custom"), "--model", sizes.toString(),
        "--text-tokens", "160");

    JsonNode model = JSON.readTree(dir.resolve("custom/checkpoint.json").toFile()).get("model");
    assertEquals(96, model.at("/vit/width").asInt(), model.toString());
    assertEquals(3, model.at("/vit/heads").asInt());
    assertEquals(2, model.at("/vit/depth").asInt());
    assertEquals(8, model.at("/vit/patchSize").asInt(), "the preset's, not overridden");
    assertEquals(64, model.at("/decoder/width").asInt());
    assertEquals(160, model.at("/decoder/textTokens").asInt());
    JsonNode run = JSON.readTree(dir.resolve("custom/run.json").toFile());
    assertEquals(160, run.at("/model/decoder/textTokens").asInt(), run.toString());

    long cutAt48 = cut(preset.out());
    long cutAt160 = cut(custom.out());
    assertTrue(cutAt48 > 0, "the preset's 48 tokens cut some conversations: " + preset.out());
    assertTrue(cutAt160 < cutAt48, cutAt160 + " cut at 160 tokens vs " + cutAt48 + " at 48");

    InProcessCli.Result bad = pretrain(data, dir.resolve("bad"), "--text-tokens", "1");
    assertEquals(2, bad.exit(), bad.err());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("textTokens"), bad.err());
  }

  private static InProcessCli.Result pretrain(Path data, Path out, String... extra) {
    String[] base = {"pretrain", "--recipe", data.resolve("recipe.json").toString(), "--preset",
        "nano", "--steps", "2", "--batch", "4", "--out", out.toString()};
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    InProcessCli.Result r = InProcessCli.vitp(args);
    if (!out.getFileName().toString().equals("bad")) {
      assertEquals(0, r.exit(), r.err());
    }
    return r;
  }

  private static long cut(String output) {
    Matcher m = CUT.matcher(output);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
