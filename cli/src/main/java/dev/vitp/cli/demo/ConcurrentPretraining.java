package dev.vitp.cli.demo;

import dev.vitp.api.train.ConsoleProgress;
import dev.vitp.cli.ChildJvm;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs several {@code vitp pretrain} command lines at once, each in a child JVM that sees an
 * equal share of the cores. DJL records gradients for one training loop per JVM, hence processes;
 * and on 2 cores two one-thread runs get through 45 + 45 images/s against 75 for one two-thread
 * run, so the demo's runs finish about a fifth sooner. Each child's output goes to {@code
 * <name>.log} beside its run folder; the console shows one progress bar per run, read from the
 * runs' {@code metrics.jsonl}. Interrupting the demo interrupts the children, which save a
 * checkpoint as a single {@code vitp pretrain} would.
 */
public final class ConcurrentPretraining {
  /**
   * One pretraining run.
   *
   * @param dir its run folder, the {@code --out} of {@code args}
   * @param args the {@code vitp} arguments, starting with {@code pretrain}
   */
  public record Run(Path dir, List<String> args) {}

  private static final long POLL_MILLIS = 1000;

  private final PrintWriter console;
  private final int steps;
  private final boolean interactive = System.console() != null;
  private long lastPrinted = -1;

  public ConcurrentPretraining(PrintWriter console, int steps) {
    this.console = console;
    this.steps = steps;
  }

  /**
   * Starts every run, waits for all, and returns each run's wall-clock seconds.
   *
   * @param runs name → run
   * @param logDir where {@code <name>.log} files go
   */
  public Map<String, Double> run(Map<String, Run> runs, Path logDir) throws IOException {
    int share = Math.max(1, Runtime.getRuntime().availableProcessors() / runs.size());
    Map<String, Process> children = new LinkedHashMap<>();
    Map<String, Path> logs = new LinkedHashMap<>();
    Map<String, Path> metrics = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Thread stopChildren = new Thread(() -> children.values().forEach(Process::destroy));
    Runtime.getRuntime().addShutdownHook(stopChildren);
    long started = System.nanoTime();
    try {
      Files.createDirectories(logDir);
      for (Map.Entry<String, Run> run : runs.entrySet()) {
        Path log = logDir.resolve(run.getKey() + ".log");
        logs.put(run.getKey(), log);
        metrics.put(run.getKey(), run.getValue().dir().resolve("metrics.jsonl"));
        children.put(run.getKey(),
            new ProcessBuilder(ChildJvm.vitpCommand(share, run.getValue().args()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start());
      }
      while (seconds.size() < children.size()) {
        Thread.sleep(POLL_MILLIS);
        for (Map.Entry<String, Process> child : children.entrySet()) {
          if (!seconds.containsKey(child.getKey()) && !child.getValue().isAlive()) {
            seconds.put(child.getKey(), (System.nanoTime() - started) / 1e9);
            int exit = child.getValue().exitValue();
            if (exit != 0) {
              children.values().forEach(Process::destroy);
              throw VitpException.userError("Expected `vitp " + String.join(" ",
                  runs.get(child.getKey()).args()) + "` to succeed. Received: exit code " + exit
                  + "; " + lastLine(logs.get(child.getKey())) + " (full output in "
                  + logs.get(child.getKey()) + ")");
            }
          }
        }
        printProgress(metrics, (System.nanoTime() - started) / 1e9,
            seconds.size() == children.size());
      }
    } catch (InterruptedException e) {
      children.values().forEach(Process::destroy);
      Thread.currentThread().interrupt();
      throw VitpException.userError("Expected the demo's pretraining to finish. Received: an "
          + "interrupt; each run saved a checkpoint and continues with `vitp pretrain --resume`");
    } finally {
      Runtime.getRuntime().removeShutdownHook(stopChildren);
    }
    return seconds;
  }

  /**
   * One line, a bar per run from the steps its metrics file holds: redrawn in place on a terminal,
   * otherwise printed each time the slowest run passes another 5 % (CI logs, pipes).
   */
  private void printProgress(Map<String, Path> metrics, double elapsed, boolean last)
      throws IOException {
    StringBuilder line = new StringBuilder("pretrain");
    long slowest = Long.MAX_VALUE;
    for (Map.Entry<String, Path> run : metrics.entrySet()) {
      long done = 0;
      if (Files.exists(run.getValue())) {
        try (Stream<String> lines = Files.lines(run.getValue(), StandardCharsets.UTF_8)) {
          done = Math.min(steps, lines.count());
        }
      }
      slowest = Math.min(slowest, done);
      line.append(String.format(Locale.ROOT, "  %s [%s] %d/%d", run.getKey(),
          ConsoleProgress.bar(done, steps), done, steps));
    }
    line.append(String.format(Locale.ROOT, "  %.0f s", elapsed));
    long bucket = slowest * 20 / Math.max(1, steps);
    if (interactive) {
      console.print("\r" + line + (last ? "\n" : ""));
    } else if (bucket != lastPrinted || last) {
      lastPrinted = bucket;
      console.println(line);
    }
    console.flush();
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8)
        : List.of();
    return lines.isEmpty() ? "no output" : "it said: " + lines.get(lines.size() - 1).strip();
  }
}
