package dev.vitp.cli;

import dev.vitp.api.BackboneExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp export-backbone}: the pretrained ViT of a run, in InternViT's key layout. */
@Command(name = "export-backbone", mixinStandardHelpOptions = true,
    description = "Extract the ViT of a pretraining run as safetensors (InternViT keys) + JSON spec.")
final class ExportBackboneCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, description = "The pretraining run folder.")
  Path run;

  @Option(names = "--out", required = true, description = "The .safetensors file to write.")
  Path out;

  @Override
  public Integer call() {
    OutPaths.file(out);
    BackboneExport export = parent.vitp().exportBackbone(run, out);
    spec.commandLine().getOut().println("Wrote " + export.weights() + " and " + export.spec()
        + " (ViT " + export.vit().width() + "/" + export.vit().depth() + ", step "
        + export.step() + ")");
    return 0;
  }
}
