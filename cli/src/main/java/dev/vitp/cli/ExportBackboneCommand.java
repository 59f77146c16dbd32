package dev.vitp.cli;

import dev.vitp.api.BackboneExport;
import dev.vitp.api.model.Backbones;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp export-backbone}: the pretrained ViT of a run, in InternViT's key layout. */
@Command(name = "export-backbone", mixinStandardHelpOptions = true,
    description = "Extract the ViT of a pretraining run: a .safetensors file (InternViT keys) with "
        + "its JSON spec, or a HuggingFace InternViT folder (config.json + model.safetensors).")
final class ExportBackboneCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, description = "The pretraining run folder.")
  Path run;

  @Option(names = "--out", required = true, description = "A .safetensors file to write (and "
      + "its .json spec beside it), or any other path: a HuggingFace folder that InternVL's "
      + "InternVisionModel loads.")
  Path out;

  @Override
  public Integer call() {
    if (Backbones.isSingleFile(out)) {
      OutPaths.file(out);
    } else {
      OutPaths.folder(out);
    }
    BackboneExport export = parent.vitp().exportBackbone(run, out);
    spec.commandLine().getOut().println("Wrote " + export.weights() + " and " + export.spec()
        + " (ViT " + export.vit().width() + "/" + export.vit().depth() + ", step "
        + export.step() + ")");
    return 0;
  }
}
