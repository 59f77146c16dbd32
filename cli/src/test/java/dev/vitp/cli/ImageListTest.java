package dev.vitp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.api.Vitp;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The three forms of {@code --images}: a folder, a glob and a list file. */
class ImageListTest {
  @TempDir Path dir;

  private void files(String... names) throws IOException {
    for (String name : names) {
      Path f = dir.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "x");
    }
  }

  private static List<String> names(List<ImageList.Image> images) {
    return images.stream().map(ImageList.Image::name).toList();
  }

  @Test
  void folderTakesImageEndingsRecursivelyInNameOrder() throws IOException {
    files("tiles/b.png", "tiles/a.JPG", "tiles/deep/c.tif", "tiles/notes.txt");
    List<ImageList.Image> images = ImageList.resolve(dir.resolve("tiles").toString());
    assertEquals(List.of("a.JPG", "b.png", "deep/c.tif"), names(images));
    assertEquals(dir.resolve("tiles/deep/c.tif").toAbsolutePath().toString(),
        images.get(2).path());
  }

  @Test
  void globNamesRelativeToTheFolderBeforeTheFirstWildcard() throws IOException {
    files("tiles/b.png", "tiles/a.jpg", "tiles/deep/c.png", "tiles/deep/d.jpg");
    assertEquals(List.of("deep/c.png"), names(ImageList.resolve(dir + "/tiles/*/*.png")));
    assertEquals(List.of("b.png", "deep/c.png"),
        names(ImageList.resolve(dir + "/tiles/**.png")));
    assertEquals(List.of("a.jpg", "b.png"),
        names(ImageList.resolve(dir + "/tiles/*.{png,jpg}")));
  }

  @Test
  void listFileResolvesAgainstItsFolderAndSkipsCommentsAndBlanks() throws IOException {
    files("tiles/a.png", "elsewhere/b.png");
    Path list = dir.resolve("tiles/list.txt");
    Files.writeString(list, "# my images\na.png\n\n  ../elsewhere/b.png  \n");
    List<ImageList.Image> images = ImageList.resolve(list.toString());
    assertEquals(List.of("a.png", "../elsewhere/b.png"), names(images));
    assertEquals(dir.resolve("elsewhere/b.png").toString(), images.get(1).path());
  }

  @Test
  void nothingToEmbedIsAUserError() throws IOException {
    files("empty/notes.txt");
    Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
    for (String spec : List.of(dir.resolve("empty").toString(), dir.resolve("empty.txt")
        .toString(), dir + "/empty/*.png", dir.resolve("missing").toString(),
        dir + "/missing/*.png", "")) {
      VitpException e = assertThrows(VitpException.class, () -> ImageList.resolve(spec), spec);
      assertTrue(e.getMessage().startsWith("Expected"), e.getMessage());
    }
  }

  @Test
  void sparkWithoutTheSparkModuleSaysHowToGetIt() throws IOException {
    files("tiles/a.png");
    StringWriter err = new StringWriter();
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute("embed", "--spark", "--backbone", "random", "--images",
        dir.resolve("tiles").toString(), "--out", dir.resolve("f.parquet").toString());
    String text = err.toString().strip();
    assertEquals(2, code, text);
    assertTrue(text.startsWith("vitp embed: Expected the Spark module on the class path"), text);
    assertFalse(text.contains("\n"), text);
  }
}
