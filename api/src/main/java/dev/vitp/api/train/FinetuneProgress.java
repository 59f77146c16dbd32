package dev.vitp.api.train;

import dev.vitp.spi.task.EpochRecord;
import dev.vitp.spi.task.FinetuneListener;
import dev.vitp.spi.task.FinetuneStep;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar within each fine-tuning epoch: steps done, loss, throughput and the epoch's ETA.
 * On a terminal it redraws one line in place and erases it when the epoch ends (the epoch's
 * summary line follows); otherwise (a log, with {@code --progress}) it prints a plain line every
 * tenth of the epoch, never a carriage return.
 */
public final class FinetuneProgress implements FinetuneListener {
  private final PrintWriter out;
  private final boolean interactive;
  private long epochStarted;
  private int lastPrintedTenth = -1;
  private int width;

  public FinetuneProgress(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  @Override
  public void onStep(FinetuneStep s) {
    if (s.stepInEpoch() == 1) {
      epochStarted = System.nanoTime() - Math.round(s.seconds() * 1e9);
      lastPrintedTenth = -1;
    }
    int tenth = (int) (10L * s.stepInEpoch() / Math.max(1, s.stepsInEpoch()));
    if (!interactive && tenth == lastPrintedTenth) {
      return;
    }
    lastPrintedTenth = tenth;
    double elapsed = (System.nanoTime() - epochStarted) / 1e9;
    long eta = Math.round(elapsed / s.stepInEpoch() * (s.stepsInEpoch() - s.stepInEpoch()));
    String line = String.format(Locale.ROOT, "epoch %d [%s] %d/%d loss %.4f %.1f img/s ETA %s",
        s.epoch(), ConsoleProgress.bar(s.stepInEpoch(), s.stepsInEpoch()), s.stepInEpoch(),
        s.stepsInEpoch(), s.loss(), s.samplesPerSecond(), ConsoleProgress.clock(eta));
    if (interactive) {
      width = Math.max(width, line.length());
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void onEpoch(EpochRecord epoch) {
    if (interactive && width > 0) {
      out.print("\r" + " ".repeat(width) + "\r");
      out.flush();
      width = 0;
    }
  }
}
