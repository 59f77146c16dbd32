package dev.vitp.toolkit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesReplacesAndCreatesTheFolder() throws IOException {
    Path file = dir.resolve("a/b/report.md");
    AtomicFiles.writeString(file, "first");
    AtomicFiles.writeString(file, "second, ünïcode");
    assertEquals("second, ünïcode", Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(List.of(file), listing(file.getParent()), "no temp file left behind");
  }

  /** A writer that fails half-way leaves the old content and no temp file. */
  @Test
  void aFailedWriteKeepsTheOldContentAndRemovesTheTempFile() throws IOException {
    Path file = dir.resolve("checkpoint.safetensors");
    AtomicFiles.write(file, new byte[] {1, 2, 3});
    VitpException e = assertThrows(VitpException.class, () -> AtomicFiles.write(file, channel -> {
      AtomicFiles.writeFully(channel, ByteBuffer.wrap(new byte[] {9, 9}));
      throw new IOException("disk full");
    }));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertEquals("Expected a writable file. Received: file=" + file + ", error=disk full",
        e.getMessage());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    assertEquals(List.of(file), listing(dir));
  }

  @Test
  void anUnwritableTargetIsAUserError() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(folder.resolve("child"), "x");
    // A non-empty folder under the target name cannot be replaced by a file.
    VitpException e = assertThrows(VitpException.class,
        () -> AtomicFiles.writeString(folder, "{}"));
    assertTrue(e.getMessage().startsWith("Expected a writable file. Received: file=" + folder),
        e.getMessage());
    assertEquals(List.of(folder), listing(dir), "no temp file left behind");
  }

  /** Outputs get the mode of any new file here (the umask's), not createTempFile's 0600. */
  @Test
  void atomicallyWrittenFilesRespectTheUmask() throws IOException {
    Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    Path written = dir.resolve("metrics.json");
    AtomicFiles.writeString(written, "{}");
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    assertEquals(2, listing(dir).size(), "no temp file left behind");
  }

  private static List<Path> listing(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }
}
