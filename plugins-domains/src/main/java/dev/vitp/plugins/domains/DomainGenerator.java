package dev.vitp.plugins.domains;

import dev.vitp.plugins.domains.medical.MedicalDomain;
import dev.vitp.plugins.domains.remotesensing.RemoteSensingDomain;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.Domain;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import java.nio.file.Path;
import java.util.Map;

/**
 * The built-in domains by name, for tests and benchmarks that generate data without a runtime
 * ({@code vitp generate} finds domains as plugins); each writes its {@code recipe.json}, JSONL
 * files, images and {@code downstream/<task>/{train,val}}.
 */
public final class DomainGenerator {
  /** The domain used when none is named. */
  public static final String DEFAULT_DOMAIN = RemoteSensingDomain.NAME;

  private DomainGenerator() {}

  /** The built-in domains with their default configs, by name. */
  public static Map<String, Domain> domains() {
    return Map.of(RemoteSensingDomain.NAME, new RemoteSensingDomain(),
        MedicalDomain.NAME, new MedicalDomain());
  }

  public static Domain domain(String name) {
    Domain d = domains().get(name);
    if (d == null) {
      throw VitpException.userError("Unknown domain [" + name + "]; known options "
          + new java.util.TreeSet<>(domains().keySet()));
    }
    return d;
  }

  /** Generates with the defaults (all cores, {@code max(20, samples/10)} downstream images/task). */
  public static GenerationReport generate(String domain, Path outDir, int samples, long seed,
      int imageSize) {
    return domain(domain).generate(GenerationRequest.of(outDir, samples, seed, imageSize));
  }
}
