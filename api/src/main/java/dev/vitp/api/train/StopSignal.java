package dev.vitp.api.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Asks a training loop to stop at the next step boundary and save. {@link #onCtrlC()} hooks JVM
 * shutdown (Ctrl-C, SIGTERM): the hook raises the flag and waits for the loop to finish its
 * checkpoint, so an interrupted run loses no completed step.
 */
public final class StopSignal implements AutoCloseable {
  private static final long SAVE_GRACE_SECONDS = 120;

  private volatile boolean requested;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final @Nullable Thread hook;

  private StopSignal(boolean hookShutdown) {
    if (hookShutdown) {
      hook = new Thread(() -> {
        requested = true;
        try {
          finished.await(SAVE_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "vitp-save-on-exit");
      Runtime.getRuntime().addShutdownHook(hook);
    } else {
      hook = null;
    }
  }

  /** A signal raised by Ctrl-C / SIGTERM. */
  public static StopSignal onCtrlC() {
    return new StopSignal(true);
  }

  /** A signal only {@link #request()} raises (tests, embedding applications). */
  public static StopSignal manual() {
    return new StopSignal(false);
  }

  public void request() {
    requested = true;
  }

  public boolean requested() {
    return requested;
  }

  /** Called by the loop once its final checkpoint is on disk; releases a waiting shutdown hook. */
  public void finished() {
    finished.countDown();
  }

  @Override
  public void close() {
    finished.countDown();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting; the hook has run or is running.
      }
    }
  }
}
