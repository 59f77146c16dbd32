package dev.vitp.spi.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a domain generator wrote.
 *
 * @param recipe the InternVL meta JSON mixing the domain's data with general data
 * @param records records per recipe entry
 * @param downstream folder per downstream task
 * @param imagesWritten image files written (downstream included)
 * @param elapsed wall time
 */
public record GenerationReport(Path outDir, Path recipe, Map<String, Long> records,
    Map<String, Path> downstream, long imagesWritten, Duration elapsed) {
  public GenerationReport {
    records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
    downstream = Collections.unmodifiableMap(new LinkedHashMap<>(downstream));
  }

  /** What was written, a few lines for a console: totals, the recipe, records per dataset. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    long total = records.values().stream().mapToLong(Long::longValue).sum();
    sb.append(String.format(Locale.ROOT, "wrote %d records, %d images in %.1f s to %s%n", total,
        imagesWritten, elapsed.toMillis() / 1000.0, outDir));
    sb.append("  recipe: ").append(recipe).append('\n');
    records.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v)
        .append(" records\n"));
    downstream.forEach((k, v) -> sb.append("  downstream ").append(k).append(": ").append(v)
        .append('\n'));
    return sb.toString();
  }
}
