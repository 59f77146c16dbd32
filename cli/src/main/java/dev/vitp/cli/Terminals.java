package dev.vitp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a stream goes to a terminal, so that progress bars redraw only there. */
final class Terminals {
  private Terminals() {}

  /**
   * Whether standard error is a terminal. On Linux its file descriptor's link names a tty ({@code
   * /dev/pts/N}, {@code /dev/ttyN}); elsewhere the JVM's console (stdin and stdout on a terminal)
   * is the best guess there is.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}
