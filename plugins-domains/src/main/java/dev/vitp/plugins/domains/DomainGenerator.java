package dev.vitp.plugins.domains;

import dev.vitp.plugins.domains.medical.MedicalDomain;
import dev.vitp.plugins.domains.remotesensing.RemoteSensingDomain;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.Domain;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generator entry point a CLI calls ({@code vitp generate}): writes a domain's
 * {@code recipe.json}, JSONL files, images and {@code downstream/<task>/{train,val}}. Also a
 * {@code main} for scripts and measurements:
 * <pre>java -cp … dev.vitp.plugins.domains.DomainGenerator remote-sensing out/ 10000 42 64 [threads]</pre>
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

  /** A few lines describing what was written. */
  public static String describe(GenerationReport r) {
    StringBuilder sb = new StringBuilder();
    long records = r.records().values().stream().mapToLong(Long::longValue).sum();
    sb.append(String.format(Locale.ROOT, "wrote %d records, %d images in %.1f s to %s%n", records,
        r.imagesWritten(), r.elapsed().toMillis() / 1000.0, r.outDir()));
    sb.append("  recipe: ").append(r.recipe()).append('\n');
    r.records().forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append(" records\n"));
    r.downstream().forEach((k, v) -> sb.append("  downstream ").append(k).append(": ").append(v)
        .append('\n'));
    return sb.toString();
  }

  public static void main(String[] args) {
    List<String> a = List.of(args);
    if (a.size() < 2) {
      System.err.println("usage: DomainGenerator <domain> <outDir> [samples=1000] [seed=0] "
          + "[imageSize=64] [threads=cores] [downstreamSamples=max(20,samples/10)]");
      System.exit(2);
    }
    int samples = a.size() > 2 ? Integer.parseInt(a.get(2)) : 1000;
    long seed = a.size() > 3 ? Long.parseLong(a.get(3)) : 0;
    int size = a.size() > 4 ? Integer.parseInt(a.get(4)) : 64;
    GenerationRequest req = GenerationRequest.of(Path.of(a.get(1)), samples, seed, size);
    if (a.size() > 5) {
      req = req.withThreads(Integer.parseInt(a.get(5)));
    }
    if (a.size() > 6) {
      req = req.withDownstreamSamples(Integer.parseInt(a.get(6)));
    }
    System.out.print(describe(domain(a.get(0)).generate(req)));
  }
}
