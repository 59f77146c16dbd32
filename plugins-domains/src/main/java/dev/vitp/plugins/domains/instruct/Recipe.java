package dev.vitp.plugins.domains.instruct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An InternVL recipe (meta JSON): {@code {"<name>": {"root", "annotation", "repeat_time",
 * "length"?}}}. Relative {@code root} and {@code annotation} paths are resolved against the
 * recipe file's folder, so a generated data set can be moved as a whole.
 *
 * @param entries the datasets in file order
 * @param notes fields this reader does not use (reported, never fatal)
 */
public record Recipe(List<RecipeEntry> entries, List<String> notes) {
  private static final Set<String> KNOWN = Set.of("root", "annotation", "repeat_time", "length");
  /** InternVL fields that have no meaning here but are not mistakes. */
  private static final Set<String> INTERNVL_ONLY =
      Set.of("data_augment", "max_dynamic_patch", "min_dynamic_patch", "image_size");

  public Recipe {
    entries = List.copyOf(entries);
    notes = List.copyOf(notes);
  }

  public static Recipe of(List<RecipeEntry> entries) {
    return new Recipe(entries, List.of());
  }

  /** Reads a recipe file; every mistake is a USER_ERROR naming the file and entry. */
  public static Recipe read(Path file) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw VitpException.userError("Expected an existing recipe file. Received: recipe=" + file);
    } catch (IOException e) {
      throw VitpException.userError("Expected a recipe of JSON. Received: recipe=" + file + " ("
          + firstLine(e.getMessage()) + ")", e);
    }
    return parse(tree, file.toAbsolutePath().getParent(), file.toString());
  }

  /** Parses a recipe tree whose relative paths are resolved against {@code baseDir}. */
  public static Recipe parse(JsonNode tree, Path baseDir, String displayName) {
    if (tree == null || !tree.isObject() || tree.isEmpty()) {
      throw VitpException.userError("Expected a recipe object {\"<name>\": {\"root\", "
          + "\"annotation\", \"repeat_time\"}} with at least one entry. Received: recipe="
          + displayName);
    }
    List<RecipeEntry> entries = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode n = e.getValue();
      if (!n.isObject()) {
        throw entryError(displayName, name, "an object", n);
      }
      n.fieldNames().forEachRemaining(f -> {
        if (!KNOWN.contains(f) && !INTERNVL_ONLY.contains(f)) {
          notes.add("recipe entry '" + name + "': unknown field '" + f + "'");
        }
      });
      Path root = path(baseDir, requireText(displayName, name, n, "root"));
      Path annotation = path(baseDir, requireText(displayName, name, n, "annotation"));
      double repeat = 1;
      JsonNode r = n.get("repeat_time");
      if (r != null && !r.isNull()) {
        if (!r.isNumber()) {
          throw entryError(displayName, name, "a number repeat_time", r);
        }
        repeat = r.asDouble();
      }
      Long length = null;
      JsonNode l = n.get("length");
      if (l != null && !l.isNull()) {
        if (!l.canConvertToLong() || !l.isIntegralNumber()) {
          throw entryError(displayName, name, "an integer length", l);
        }
        length = l.asLong();
      }
      entries.add(new RecipeEntry(name, root, annotation, repeat, length));
    }
    return new Recipe(entries, notes);
  }

  /** A recipe of one JSONL file whose images are relative to its own folder. */
  public static Recipe ofAnnotation(Path jsonl) {
    Path abs = jsonl.toAbsolutePath();
    String name = abs.getFileName().toString().replaceFirst("\\.jsonl?$", "");
    return of(List.of(new RecipeEntry(name, abs.getParent(), abs, 1, null)));
  }

  /** Writes the recipe with paths relative to the recipe's folder where they lie under it. */
  public void write(Path file) {
    Path base = file.toAbsolutePath().getParent();
    ObjectNode root = Json.MAPPER.createObjectNode();
    for (RecipeEntry e : entries) {
      ObjectNode n = root.putObject(e.name());
      n.put("root", relative(base, e.root()));
      n.put("annotation", relative(base, e.annotation()));
      if (e.repeatTime() == Math.rint(e.repeatTime())) {
        n.put("repeat_time", (long) e.repeatTime());
      } else {
        n.put("repeat_time", e.repeatTime());
      }
      if (e.length() != null) {
        n.put("length", e.length());
      }
    }
    try {
      Files.createDirectories(base);
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    } catch (IOException ex) {
      throw VitpException.userError("Expected a writable recipe path. Received: recipe=" + file,
          ex);
    }
  }

  private static String relative(Path base, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path b = base.normalize();
    String s = abs.startsWith(b) ? b.relativize(abs).toString() : abs.toString();
    return s.isEmpty() ? "." : s.replace(java.io.File.separatorChar, '/');
  }

  private static Path path(Path base, String p) {
    return base.resolve(p).normalize();
  }

  private static String requireText(String file, String name, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw entryError(file, name, "a string " + field, v);
    }
    return v.asText();
  }

  private static VitpException entryError(String file, String name, String expected,
      @org.jspecify.annotations.Nullable JsonNode got) {
    return VitpException.userError("Expected " + expected + " in recipe entry '" + name + "' of "
        + file + ". Received: " + (got == null ? "nothing" : got.toString()));
  }

  static String firstLine(@org.jspecify.annotations.Nullable String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
