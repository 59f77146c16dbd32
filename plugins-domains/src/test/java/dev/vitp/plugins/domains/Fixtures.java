package dev.vitp.plugins.domains;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.plugins.domains.synth.Images;
import dev.vitp.plugins.domains.instruct.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Small fixtures in the real formats, generated in the tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A random RGB PNG. */
  public static Path png(Path file, int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) r.nextInt(256);
    }
    Images.writeRgb(file, rgb, w, h);
    return file;
  }

  /** A PNG cut in half: the header parses, the data does not. */
  public static Path truncatedPng(Path file, long seed) {
    try {
      Path tmp = Files.createTempFile("full", ".png");
      png(tmp, 32, 32, seed);
      byte[] b = Files.readAllBytes(tmp);
      Files.delete(tmp);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of random bytes with an image name. */
  public static Path garbage(Path file, long seed) {
    byte[] b = new byte[200];
    new SplittableRandom(seed).nextBytes(b);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A JSONL record line: image may be null (no field), a string or a list. */
  public static String record(String id, Object image, List<String[]> turns) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", id);
    if (image instanceof String s) {
      n.put("image", s);
    } else if (image instanceof List<?> l) {
      ArrayNode a = n.putArray("image");
      l.forEach(x -> a.add(x.toString()));
    }
    ArrayNode c = n.putArray("conversations");
    for (String[] t : turns) {
      c.addObject().put("from", t[0]).put("value", t[1]);
    }
    return n.toString();
  }

  public static String qa(String id, String image, String q, String a) {
    return record(id, image, List.of(new String[] {"human", q}, new String[] {"gpt", a}));
  }

  public static Path write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A recipe of one entry. */
  public static Path recipe(Path file, String name, String root, String annotation, double repeat) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    ObjectNode e = n.putObject(name);
    e.put("root", root).put("annotation", annotation).put("repeat_time", repeat);
    return write(file, List.of(n.toString()));
  }

  public static Path tempDir() {
    try {
      return Files.createTempDirectory("vitp-domains-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
