package dev.vitp.spi.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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
}
