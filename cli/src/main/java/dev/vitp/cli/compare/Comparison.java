package dev.vitp.cli.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.Vitp;
import dev.vitp.cli.ChildJvm;
import dev.vitp.cli.VitpCli;
import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fine-tunes every start (a backbone file, or random init) on every task at every seed by running
 * {@code vitp finetune} — the command a user runs — and reads back the headline metric each cell's
 * {@code metrics.json} holds. Cells live in {@code OUT/<task>/<start>/seed-<seed>/} with the
 * command's output in {@code seed-<seed>.log} and its wall time in {@code seed-<seed>.time.json}
 * beside it. A cell whose metrics.json holds its metric is finished and is not run again unless
 * {@code overwrite}. Cells run one after another in this JVM, which stays warm (a JVM's first
 * fine-tune spends 9-11 s more, mostly JIT compilation). With {@code parallel} N above 1, N child
 * JVMs, each seeing an equal share of the cores, each run every N-th cell ({@code vitp
 * compare --shard i/N}), so each pays the warmup once; this JVM then collects their cells.
 */
public final class Comparison {
  /**
   * A downstream task of the synthetic domain.
   *
   * @param name the task head's name ({@code finetune --task})
   * @param folder its data folder under {@code DATA_ROOT/downstream/}
   * @param metric the headline metric in metrics.json's {@code val}
   */
  public record Task(String name, String folder, String metric) {}

  /** The tasks compare knows, in report order. */
  public static final Map<String, Task> TASKS = new LinkedHashMap<>();

  static {
    for (Task t : List.of(new Task("classification", "scene-classification", "accuracy"),
        new Task("segmentation", "land-cover-segmentation", "miou"),
        new Task("change-detection", "change-detection", "f1"),
        new Task("detection", "object-detection", "ap"))) {
      TASKS.put(t.name(), t);
    }
  }

  /** The value of {@code --backbone} for random init. */
  public static final String RANDOM = "random";

  /** The robustness scores a fine-tune writes beside metrics.json ({@code --corruptions}). */
  public static final String ROBUSTNESS_FILE = "robustness.json";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /**
   * A start: where fine-tuning begins.
   *
   * @param name its name in the report (a folder name too)
   * @param backbone a backbone safetensors file or folder, or {@link #RANDOM}
   */
  public record Start(String name, String backbone) {}

  /**
   * What to compare and how.
   *
   * @param out the comparison's folder
   * @param data the generated domain's root (holds {@code downstream/})
   * @param tasks task names, in report order
   * @param starts the starts, in report order
   * @param seeds fine-tuning seeds
   * @param reference the start every other is compared against
   * @param fraction share of training labels, or null for finetune's default
   * @param epochs fine-tuning epochs, or null for finetune's default
   * @param backend backend name or config JSON, passed to every fine-tune
   * @param parallel how many fine-tunes run at once (above 1: in child JVMs, one per worker)
   * @param overwrite redo finished cells
   * @param corruptions corruption names each fine-tune also scores its best model under ({@code
   *     finetune --corruptions}, at every severity; a cell is finished when its robustness.json
   *     is written too), or empty
   */
  public record Plan(Path out, Path data, List<String> tasks, List<Start> starts, List<Long> seeds,
      String reference, @Nullable Double fraction, @Nullable Integer epochs, String backend,
      int parallel, boolean overwrite, List<String> corruptions) {
    public Plan {
      tasks = List.copyOf(tasks);
      starts = List.copyOf(starts);
      seeds = List.copyOf(seeds);
      corruptions = List.copyOf(corruptions);
    }

    /** A plan without robustness scores. */
    public Plan(Path out, Path data, List<String> tasks, List<Start> starts, List<Long> seeds,
        String reference, @Nullable Double fraction, @Nullable Integer epochs, String backend,
        int parallel, boolean overwrite) {
      this(out, data, tasks, starts, seeds, reference, fraction, epochs, backend, parallel,
          overwrite, List.of());
    }

    /** The same plan run in this JVM only, reusing every finished cell. */
    Plan collecting() {
      return new Plan(out, data, tasks, starts, seeds, reference, fraction, epochs, backend, 1,
          false, corruptions);
    }

    /** The {@code vitp compare} arguments of this plan, less --parallel. */
    List<String> args() {
      List<String> args = new ArrayList<>(List.of("compare", "--out", out.toString(), "--data",
          data.toString(), "--reference", reference, "--backend", backend, "--seed-list",
          String.join(",", seeds.stream().map(String::valueOf).toList())));
      tasks.forEach(t -> args.addAll(List.of("--task", t)));
      starts.forEach(s -> args.addAll(List.of("--start", s.name() + "=" + s.backbone())));
      if (fraction != null) {
        args.addAll(List.of("--fraction", fraction.toString()));
      }
      if (epochs != null) {
        args.addAll(List.of("--epochs", epochs.toString()));
      }
      if (overwrite) {
        args.add("--overwrite");
      }
      if (!corruptions.isEmpty()) {
        args.addAll(List.of("--corruptions", String.join(",", corruptions)));
      }
      return args;
    }
  }

  /**
   * One finished cell.
   *
   * @param value the headline metric
   * @param seconds wall time of its fine-tune (null if it was run by an earlier version that
   *     kept none)
   * @param reused whether it was finished by an earlier run of the comparison
   */
  public record Cell(double value, @Nullable Double seconds, boolean reused) {}

  private final PrintWriter console;
  private final Supplier<Vitp> vitp;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param console where the progress lines go
   * @param vitp the runtime for in-process fine-tunes
   */
  public Comparison(PrintWriter console, Supplier<Vitp> vitp) {
    this.console = console;
    this.vitp = vitp;
  }

  /** Checks a plan before anything runs; every problem is a one-line user error. */
  public static void validate(Plan plan) {
    if (plan.tasks().isEmpty()) {
      throw VitpException.userError("Expected at least one task. Received: none");
    }
    Set<String> seenTasks = new HashSet<>();
    for (String task : plan.tasks()) {
      Task t = TASKS.get(task);
      if (t == null) {
        throw VitpException.userError("Unknown task [" + task + "]; known options "
            + TASKS.keySet());
      }
      if (!seenTasks.add(task)) {
        throw VitpException.userError("Expected each --task once. Received: " + task + " twice");
      }
      Path folder = taskData(plan, t);
      if (!Files.isDirectory(folder)) {
        throw VitpException.userError("Expected the " + task + " data folder " + folder
            + " (DATA_ROOT/downstream/" + t.folder() + ", as `vitp generate` writes it, or, "
            + "with one task, --data naming its dataset folder). Received: no such folder");
      }
    }
    if (plan.starts().isEmpty()) {
      throw VitpException.userError("Expected at least one --start NAME=BACKBONE. Received: none");
    }
    Set<String> names = new HashSet<>();
    for (Start s : plan.starts()) {
      if (!NAME.matcher(s.name()).matches()) {
        throw VitpException.userError("Expected a start name of letters, digits, '_', '.' or "
            + "'-'. Received: name=" + s.name());
      }
      if (!names.add(s.name())) {
        throw VitpException.userError("Expected each start name once. Received: name="
            + s.name() + " twice");
      }
      if (!s.backbone().equals(RANDOM) && !Files.exists(Path.of(s.backbone()))) {
        throw VitpException.userError("Expected the backbone of start " + s.name()
            + " to exist (a safetensors file or folder, or 'random'). Received: "
            + s.backbone() + " (no such file)");
      }
    }
    if (!names.contains(plan.reference())) {
      throw VitpException.userError("Expected --reference to name one of the starts "
          + names.stream().sorted().toList() + ". Received: reference=" + plan.reference());
    }
    if (plan.seeds().isEmpty()) {
      throw VitpException.userError("Expected at least one seed. Received: none");
    }
    if (new HashSet<>(plan.seeds()).size() != plan.seeds().size()) {
      throw VitpException.userError("Expected distinct seeds. Received: " + plan.seeds());
    }
    if (plan.parallel() < 1) {
      throw VitpException.userError("Expected --parallel ≥ 1. Received: parallel="
          + plan.parallel());
    }
    if (plan.epochs() != null && plan.epochs() < 1) {
      throw VitpException.userError("Expected --epochs ≥ 1. Received: epochs=" + plan.epochs());
    }
    if (plan.fraction() != null && !(plan.fraction() > 0 && plan.fraction() <= 1)) {
      throw VitpException.userError("Expected --fraction in (0, 1]. Received: fraction="
          + plan.fraction());
    }
  }

  /**
   * Runs (or reuses) every cell and returns task → start → the cells in seed order.
   */
  public Map<String, Map<String, List<Cell>>> run(Plan plan) throws IOException {
    return run(plan, 0, 1);
  }

  /**
   * Like {@link #run(Plan)}, for worker {@code shard} of {@code shards}: it runs only the cells
   * at positions {@code shard}, {@code shard + shards}, … of the task × seed × start order (the
   * others' are absent from the map it returns).
   */
  public Map<String, Map<String, List<Cell>>> run(Plan plan, int shard, int shards)
      throws IOException {
    validate(plan);
    Files.createDirectories(plan.out());
    checkSettings(plan);
    boolean quiet = false;
    if (plan.parallel() > 1 && shards == 1) {
      runWorkers(plan);
      quiet = true; // the workers printed each cell
      // Every cell is finished now: collect them as a rerun would.
      plan = plan.collecting();
    }
    List<Job> jobs = new ArrayList<>();
    for (String task : plan.tasks()) {
      for (long seed : plan.seeds()) {
        for (Start start : plan.starts()) {
          jobs.add(new Job(TASKS.get(task), start, seed));
        }
      }
    }
    Map<Job, Cell> done = new LinkedHashMap<>();
    long started = System.nanoTime();
    int[] counter = {0};
    List<Job> toRun = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      if (i % shards != shard) {
        continue; // another worker's (by position, so that workers agree however far each is)
      }
      Double earlier = plan.overwrite() ? null : finishedValue(job, plan);
      if (earlier != null) {
        // A worker's cell counts as this run's: it was not finished before this run started.
        Cell cell = new Cell(earlier, readSeconds(job, plan), !quiet);
        done.put(job, cell);
        if (!quiet) {
          progress(++counter[0], jobs.size(), job, cell, started);
        }
      } else {
        toRun.add(job);
      }
    }
    if (!toRun.isEmpty()) {
      console.printf(Locale.ROOT, "%d fine-tunes to run, one after another in this JVM; %d "
          + "finished earlier%n", toRun.size(), done.size());
      console.flush();
    }
    int total = shards == 1 ? jobs.size() : (jobs.size() - shard + shards - 1) / shards;
    for (Job job : toRun) {
      Cell cell = runCell(job, plan);
      done.put(job, cell);
      progress(++counter[0], total, job, cell, started);
    }
    Map<String, Map<String, List<Cell>>> result = new LinkedHashMap<>();
    for (String task : plan.tasks()) {
      Map<String, List<Cell>> byStart = new LinkedHashMap<>();
      for (Start start : plan.starts()) {
        List<Cell> cells = new ArrayList<>();
        for (long seed : plan.seeds()) {
          Cell cell = done.get(new Job(TASKS.get(task), start, seed));
          if (cell != null) {
            cells.add(cell);
          }
        }
        byStart.put(start.name(), cells);
      }
      result.put(task, byStart);
    }
    return result;
  }

  /**
   * Starts {@code parallel} child JVMs, worker i running {@code vitp compare --shard i/N}, relays
   * their progress lines prefixed with the worker's number, and waits for all.
   */
  private void runWorkers(Plan plan) throws IOException {
    int n = plan.parallel();
    int share = Math.max(1, Runtime.getRuntime().availableProcessors() / n);
    console.printf(Locale.ROOT, "%d workers, each a child JVM with %d of %d cores (output in "
        + "%s)%n", n, share, Runtime.getRuntime().availableProcessors(),
        plan.out().resolve("worker-1.log"));
    console.flush();
    List<Process> workers = new ArrayList<>();
    List<Thread> relays = new ArrayList<>();
    Thread stop = new Thread(() -> workers.forEach(Process::destroy));
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      for (int i = 0; i < n; i++) {
        List<String> args = new ArrayList<>(plan.args());
        args.addAll(List.of("--shard", i + "/" + n));
        Path log = plan.out().resolve("worker-" + (i + 1) + ".log");
        Process worker = new ProcessBuilder(ChildJvm.vitpCommand(share, args))
            .redirectErrorStream(true).start();
        workers.add(worker);
        String prefix = "w" + (i + 1) + " ";
        Thread relay = new Thread(() -> relay(worker, log, prefix), "compare-worker-" + (i + 1));
        relay.start();
        relays.add(relay);
      }
      for (int i = 0; i < n; i++) {
        int exit = workers.get(i).waitFor();
        relays.get(i).join();
        if (exit != 0) {
          workers.forEach(Process::destroy);
          Path log = plan.out().resolve("worker-" + (i + 1) + ".log");
          throw VitpException.userError("Expected comparison worker " + (i + 1) + " to succeed. "
              + "Received: exit code " + exit + "; " + lastLine(log) + " (full output in " + log
              + "; finished cells are kept)");
        }
      }
    } catch (InterruptedException e) {
      workers.forEach(Process::destroy);
      Thread.currentThread().interrupt();
      throw VitpException.userError("Expected the comparison to finish. Received: an interrupt; "
          + "finished cells are kept and a rerun continues with the rest");
    } finally {
      Runtime.getRuntime().removeShutdownHook(stop);
    }
  }

  /** Copies a worker's output to its log, and its per-cell progress lines to the console. */
  private void relay(Process worker, Path log, String prefix) {
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
        worker.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8),
            true)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        w.println(line);
        if (line.startsWith("[")) {
          synchronized (console) {
            console.println(prefix + line);
            console.flush();
          }
        }
      }
    } catch (IOException e) {
      // The worker's exit code and log say what happened.
    }
  }

  /** The folder of one cell: {@code OUT/<task>/<start>/seed-<seed>}. */
  public static Path cellDir(Path out, String task, String start, long seed) {
    return out.resolve(task).resolve(start).resolve("seed-" + seed);
  }

  private record Job(Task task, Start start, long seed) {}

  private Path dir(Job job, Plan plan) {
    return cellDir(plan.out(), job.task().name(), job.start().name(), job.seed());
  }

  private Path sibling(Job job, Plan plan, String suffix) {
    Path d = dir(job, plan);
    return d.resolveSibling(d.getFileName() + suffix);
  }

  /**
   * Where a task's dataset is: {@code DATA_ROOT/downstream/<folder>} of a generated domain, or,
   * for a plan of one task whose --data holds {@code train/} and {@code val/}, --data itself (a
   * user's own dataset).
   */
  public static Path taskData(Plan plan, Task task) {
    Path generated = plan.data().resolve("downstream").resolve(task.folder());
    if (!Files.isDirectory(generated) && plan.tasks().size() == 1
        && Files.isDirectory(plan.data().resolve("train"))
        && Files.isDirectory(plan.data().resolve("val"))) {
      return plan.data();
    }
    return generated;
  }

  private @Nullable Double finishedValue(Job job, Plan plan) throws IOException {
    Path metrics = dir(job, plan).resolve("metrics.json");
    if (!Files.isRegularFile(metrics)) {
      return null;
    }
    if (!plan.corruptions().isEmpty()
        && !Files.isRegularFile(dir(job, plan).resolve(ROBUSTNESS_FILE))) {
      return null; // fine-tuned, but stopped before its robustness scores were written
    }
    JsonNode value = json.readTree(metrics.toFile()).path("val").path(job.task().metric());
    return value.isNumber() ? value.asDouble() : null;
  }

  private @Nullable Double readSeconds(Job job, Plan plan) throws IOException {
    Path time = sibling(job, plan, ".time.json");
    if (!Files.isRegularFile(time)) {
      return null;
    }
    JsonNode seconds = json.readTree(time.toFile()).path("seconds");
    return seconds.isNumber() ? seconds.asDouble() : null;
  }

  private List<String> finetuneArgs(Job job, Plan plan) {
    List<String> args = new ArrayList<>(List.of("finetune", "--task", job.task().name(),
        "--data", taskData(plan, job.task()).toString(),
        "--backbone", job.start().backbone(), "--seed", Long.toString(job.seed()),
        "--backend", plan.backend(), "--out", dir(job, plan).toString(),
        // A cell's folder is the comparison's own: an unfinished earlier attempt is replaced.
        "--overwrite"));
    if (plan.fraction() != null) {
      args.addAll(List.of("--fraction", Double.toString(plan.fraction())));
    }
    if (plan.epochs() != null) {
      // Scored once, after the last epoch: the validation set picks no epoch for any start.
      args.addAll(List.of("--epochs", Integer.toString(plan.epochs()), "--val-every",
          Integer.toString(plan.epochs())));
    }
    if (!plan.corruptions().isEmpty()) {
      args.addAll(List.of("--corruptions", String.join(",", plan.corruptions())));
    }
    return args;
  }

  private Cell runCell(Job job, Plan plan) throws IOException {
    List<String> args = finetuneArgs(job, plan);
    Path log = sibling(job, plan, ".log");
    Files.createDirectories(log.getParent());
    long t0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    int exit;
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8),
        true)) {
      var nested = VitpCli.commandLine(vitp);
      nested.setOut(w);
      nested.setErr(w);
      exit = nested.execute(args.toArray(String[]::new));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    // This JVM's CPU time over the fine-tune: a cost that does not depend on the machine's load.
    double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
    if (exit != 0) {
      throw VitpException.userError("Expected `vitp " + String.join(" ", args) + "` to succeed. "
          + "Received: exit code " + exit + "; " + lastLine(log) + " (full output in " + log
          + ")");
    }
    Double value = finishedValue(job, plan);
    if (value == null) {
      throw VitpException.internal("fine-tuning wrote no val." + job.task().metric() + " in "
          + dir(job, plan).resolve("metrics.json"));
    }
    ObjectNode time = json.createObjectNode().put("seconds", seconds);
    time.put("cpu_seconds", cpuSeconds);
    AtomicFiles.write(sibling(job, plan, ".time.json"),
        json.writeValueAsBytes(time));
    return new Cell(value, seconds, false);
  }

  private void progress(int i, int total, Job job, Cell cell, long started) {
    double elapsed = (System.nanoTime() - started) / 1e9;
    console.printf(Locale.ROOT, "[%d/%d] %-16s %-12s seed %-3d %s %.4f  %s  (elapsed %s)%n", i,
        total, job.task().name(), job.start().name(), job.seed(), job.task().metric(),
        cell.value(), cell.reused() ? "finished earlier" : String.format(Locale.ROOT,
            "%.1f s", cell.seconds()), minutes(elapsed));
    console.flush();
  }

  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  /** {@code 3m07s}. */
  public static String minutes(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  /**
   * Earlier cells are only reused under the settings they were made with: OUT/settings.json
   * records data, fraction, epochs, backend and each start's backbone; a rerun that changes one
   * of them is refused (tasks, starts and seeds may be added).
   */
  private void checkSettings(Plan plan) throws IOException {
    Path file = plan.out().resolve("settings.json");
    ObjectNode now = json.createObjectNode();
    now.put("data", plan.data().toAbsolutePath().normalize().toString());
    now.put("fraction", plan.fraction() == null ? "default" : plan.fraction().toString());
    now.put("epochs", plan.epochs() == null ? "default" : plan.epochs().toString());
    now.put("backend", plan.backend());
    now.put("corruptions", String.join(",", plan.corruptions()));
    ObjectNode starts = now.putObject("starts");
    Map<String, String> backbones = new LinkedHashMap<>();
    for (Start s : plan.starts()) {
      backbones.put(s.name(), s.backbone().equals(RANDOM) ? RANDOM
          : Path.of(s.backbone()).toAbsolutePath().normalize().toString());
    }
    if (!plan.overwrite() && Files.isRegularFile(file)) {
      JsonNode before = json.readTree(file.toFile());
      List<String> changes = new ArrayList<>();
      for (String key : List.of("data", "fraction", "epochs", "backend", "corruptions")) {
        if (!before.path(key).asText().equals(now.path(key).asText())) {
          changes.add(key + " " + before.path(key).asText() + " → " + now.path(key).asText());
        }
      }
      before.path("starts").fields().forEachRemaining(e -> {
        String b = backbones.get(e.getKey());
        if (b != null && !b.equals(e.getValue().asText())) {
          changes.add("start " + e.getKey() + " " + e.getValue().asText() + " → " + b);
        }
        if (b == null) {
          backbones.put(e.getKey(), e.getValue().asText()); // kept for a later rerun
        }
      });
      if (!changes.isEmpty()) {
        throw VitpException.userError("Expected the settings of the earlier comparison in "
            + plan.out() + " (its finished cells would be mixed with new ones). Received: "
            + String.join(", ", changes) + "; rerun with --overwrite or another --out");
      }
    }
    backbones.forEach(starts::put);
    AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(now));
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8)
        : List.of();
    return lines.isEmpty() ? "no output" : "it said: " + lines.get(lines.size() - 1).strip();
  }
}
