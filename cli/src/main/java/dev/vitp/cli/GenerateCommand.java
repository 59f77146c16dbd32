package dev.vitp.cli;

import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.data.Domain;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp generate}: a domain's synthetic instruction data and downstream sets. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a domain's synthetic instruction data (recipe.json, JSONL, images) and "
        + "its downstream sets (DIR/downstream/<task>/{train,val}) in the real formats.")
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--domain", defaultValue = "remote-sensing",
      description = "A registered domain, e.g. remote-sensing or medical (${DEFAULT-VALUE}).")
  String domain;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--samples", defaultValue = "1000",
      description = "Instruction records (${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", defaultValue = "0", description = "(${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--image-size", defaultValue = "64", description = "Pixels (${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--downstream-samples",
      description = "Images per downstream set (default: max(20, samples / 10)).")
  @Nullable Integer downstreamSamples;

  @Option(names = "--threads", description = "Generator threads (default: all cores).")
  @Nullable Integer threads;

  @Override
  public Integer call() {
    OutPaths.folder(out);
    Domain d = (Domain) parent.vitp().create(ComponentKind.DOMAIN, domain);
    GenerationRequest request = GenerationRequest.of(out, samples, seed, imageSize);
    if (downstreamSamples != null) {
      request = request.withDownstreamSamples(downstreamSamples);
    }
    if (threads != null) {
      request = request.withThreads(threads);
    }
    GenerationReport report = d.generate(request);
    spec.commandLine().getOut().print(report.describe());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
