package dev.vitp.plugins.domains.synth;

import dev.vitp.plugins.domains.instruct.Recipe;
import dev.vitp.plugins.domains.instruct.RecipeEntry;
import dev.vitp.plugins.domains.instruct.RecordWriter;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.InstructionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One generator run: the thread pool, the datasets written so far (for {@code recipe.json}), the
 * downstream folders and the image count. Items are generated in parallel and written in index
 * order, so the output is a function of the request only.
 */
public final class GenerationContext implements AutoCloseable {
  /** What an instruction item generator receives: where to write and its own random stream. */
  public record Item(int index, Path root, SplittableRandom random) {}

  private final GenerationRequest request;
  private final Parallel parallel;
  private final AtomicLong images = new AtomicLong();
  private final List<RecipeEntry> entries = new ArrayList<>();
  private final Map<String, Long> records = new LinkedHashMap<>();
  private final Map<String, Path> downstream = new LinkedHashMap<>();
  private final long start = System.nanoTime();

  public GenerationContext(GenerationRequest request) {
    this.request = request;
    try {
      Files.createDirectories(request.outDir());
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable output folder. Received: outDir="
          + request.outDir(), e);
    }
    this.parallel = new Parallel(request.threads());
  }

  public GenerationRequest request() {
    return request;
  }

  public int size() {
    return request.imageSize();
  }

  public Path outDir() {
    return request.outDir();
  }

  /** Counts image files written (call from any thread). */
  public void imagesWritten(int n) {
    images.addAndGet(n);
  }

  /**
   * Writes instruction dataset {@code name}: {@code outDir/<name>.jsonl} with images under
   * {@code outDir/<name>/}, one record per index from {@code item}, and adds it to the recipe.
   */
  public void dataset(String name, int count, Function<Item, InstructionRecord> item) {
    if (count <= 0) {
      return;
    }
    Path root = outDir().resolve(name);
    Path jsonl = outDir().resolve(name + ".jsonl");
    long stream = Seeds.stream("instruct/" + name);
    try (RecordWriter w = new RecordWriter(jsonl)) {
      parallel.run(count,
          i -> RecordWriter.toLine(item.apply(new Item(i, root, Seeds.random(request.seed(), stream, i)))),
          w::writeLine);
    }
    entries.add(new RecipeEntry(name, root, jsonl, 1, (long) count));
    records.put(name, (long) count);
  }

  /** Runs {@code count} downstream items of stream {@code name} in parallel, in index order. */
  public <T> void items(String name, int count, BiFunction<Integer, SplittableRandom, T> item,
      Consumer<T> sink) {
    long stream = Seeds.stream("downstream/" + name);
    parallel.run(count, i -> item.apply(i, Seeds.random(request.seed(), stream, i)), sink);
  }

  /** A downstream task folder, registered for the report. */
  public Path downstream(String task) {
    Path dir = outDir().resolve("downstream").resolve(task);
    downstream.put(task, dir);
    return dir;
  }

  /** Train/val sizes of {@code n} downstream items: 80/20, at least one of each when n >= 2. */
  public static int[] split(int n) {
    int val = n >= 2 ? Math.max(1, n / 5) : 0;
    return new int[] {n - val, val};
  }

  /** Writes {@code recipe.json} and reports. */
  public GenerationReport finish() {
    Path recipe = outDir().resolve("recipe.json");
    Recipe.of(entries).write(recipe);
    return new GenerationReport(outDir(), recipe, records, downstream, images.get(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  @Override
  public void close() {
    parallel.close();
  }
}
