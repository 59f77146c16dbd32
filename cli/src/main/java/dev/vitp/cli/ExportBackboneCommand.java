package dev.vitp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.model.Backbones;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.train.Checkpoints;
import dev.vitp.spi.VitpException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vitp export-backbone}: the pretrained ViT of a run, in InternViT's key layout. */
@Command(name = "export-backbone", mixinStandardHelpOptions = true,
    description = "Extract the ViT of a pretraining run as safetensors (InternViT keys) + JSON spec.")
final class ExportBackboneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, description = "The pretraining run folder.")
  Path run;

  @Option(names = "--out", required = true, description = "The .safetensors file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Checkpoints.Saved saved = new Checkpoints(json).latest(run);
    if (!saved.meta().has("model")) {
      throw VitpException.userError("Expected the run's checkpoint.json to name its model. "
          + "Received: no \"model\" in " + run.resolve(Checkpoints.POINTER));
    }
    ModelSpec model = json.treeToValue(saved.meta().get("model"), ModelSpec.class);
    new Backbones(json).exportFromCheckpoint(saved.weights(), model.vit(), out);
    spec.commandLine().getOut().println("Wrote " + out + " and " + Backbones.specFileOf(out)
        + " (ViT " + model.vit().width() + "/" + model.vit().depth() + ", step " + saved.step()
        + ")");
    return 0;
  }
}
