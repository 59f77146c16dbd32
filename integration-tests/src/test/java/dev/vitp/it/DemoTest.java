package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.cli.VitpCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code vitp demo} at a smaller budget: the ViTP backbone (pretrained with VRL on the synthetic
 * remote-sensing instructions) beats random init on downstream classification and segmentation.
 * Seeds are fixed, so the margin is the same on every run of the same build.
 */
class DemoTest {
  @Test
  void vitpBeatsRandomInitOnClassificationAndSegmentation() throws Exception {
    Path out = Files.createTempDirectory("demo");
    assertEquals(0, VitpCli.execute("demo", "--out", out.toString(), "--samples", "600",
        "--downstream-samples", "240", "--pretrain-steps", "120", "--epochs", "4",
        "--fraction", "0.25"));
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    for (String run : new String[] {"vitp", "vitp_no_vrl"}) {
      JsonNode p = report.get("pretrain").get(run);
      assertEquals(120, p.get("steps").asInt());
      assertTrue(p.get("final_loss").asDouble() < 3.0, run + " learned: " + p);
    }
    for (String task : new String[] {"classification", "segmentation"}) {
      JsonNode t = report.get("tasks").get(task);
      double vitp = t.get("vitp").asDouble();
      double random = t.get("random_init").asDouble();
      assertTrue(vitp > random + 0.03, task + ": ViTP " + vitp + " vs random init " + random);
    }
    for (String file : new String[] {"report.md", "pretrain_loss.png", "downstream.png"}) {
      assertTrue(Files.size(out.resolve(file)) > 100, file);
    }
  }
}
