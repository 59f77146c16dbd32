package dev.vitp.api.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with loss, learning rate, throughput and ETA. On a terminal it redraws
 * in place; otherwise (CI logs, pipes) it prints a line every 5% of the run.
 */
public final class ConsoleProgress implements TrainListener {
  private static final int WIDTH = 24;

  private final PrintStream out;
  private final String label;
  private final boolean interactive;
  private long firstStep;
  private long startedNanos;
  private long lastPrintedStep = -1;

  public ConsoleProgress(PrintStream out, String label, boolean interactive) {
    this.out = out;
    this.label = label;
    this.interactive = interactive;
  }

  /** Redraws in place when a console is attached. */
  public static ConsoleProgress stderr(String label) {
    return new ConsoleProgress(System.err, label, System.console() != null);
  }

  @Override
  public void onStart(long first, long totalSteps) {
    this.firstStep = first;
    this.startedNanos = System.nanoTime();
  }

  @Override
  public void onStep(StepMetrics m, long total) {
    long every = Math.max(1, total / 20);
    boolean last = m.step() == total;
    if (!interactive && !last && m.step() - Math.max(lastPrintedStep, firstStep) < every) {
      return;
    }
    lastPrintedStep = m.step();
    double elapsed = (System.nanoTime() - startedNanos) / 1e9;
    double perStep = elapsed / Math.max(1, m.step() - firstStep);
    long eta = Math.round(perStep * (total - m.step()));
    String line = String.format(Locale.ROOT,
        "%s [%s] %d/%d loss %.4f lr %.2e %.1f img/s ETA %s", label, bar(m.step(), total),
        m.step(), total, m.loss(), m.lr(), m.imagesPerSecond(), clock(eta));
    if (interactive) {
      out.print("\r" + line + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void onCheckpoint(Checkpoints.Saved saved) {
    if (!interactive) {
      out.println(label + " checkpoint at step " + saved.step() + ": " + saved.weights());
    }
  }

  /** The bar itself, {@code ########................} for a third done. */
  public static String bar(long done, long total) {
    int filled = (int) (WIDTH * Math.min(done, total) / Math.max(1, total));
    return "#".repeat(filled) + ".".repeat(WIDTH - filled);
  }

  public static String clock(long seconds) {
    return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
  }
}
