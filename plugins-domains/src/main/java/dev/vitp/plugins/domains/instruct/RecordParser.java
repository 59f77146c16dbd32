package dev.vitp.plugins.domains.instruct;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vitp.plugins.domains.image.ImageRef;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.Grounding;
import dev.vitp.spi.data.GroundingRef;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.Turn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates one JSONL line of an InternVL/LLaVA data set:
 * {@code {"id", "image": str|[str], "conversations": [{"from", "value"}]}}. Every problem is a
 * {@link BadRecordException} with its {@link SkipReason}; unknown fields are notes, not skips.
 */
public final class RecordParser {
  public static final String IMAGE = "<image>";
  private static final Set<String> KNOWN = Set.of("id", "image", "conversations", "width", "height");
  private static final Set<String> TURN_KNOWN = Set.of("from", "value");

  private final String dataset;
  private final Path root;
  private final Path rootReal;

  /**
   * @param root the dataset's image root, absolute and normalised
   * @param rootReal the root with symbolic links resolved ({@link Path#toRealPath})
   */
  public RecordParser(String dataset, Path root, Path rootReal) {
    this.dataset = dataset;
    this.root = root;
    this.rootReal = rootReal;
  }

  /** For a dataset whose root exists; USER_ERROR when it does not. */
  public static RecordParser forRoot(String dataset, Path root) {
    Path abs = root.toAbsolutePath().normalize();
    try {
      if (!Files.isDirectory(abs)) {
        throw new IOException("not a directory");
      }
      return new RecordParser(dataset, abs, abs.toRealPath());
    } catch (IOException e) {
      throw VitpException.userError("Expected an existing image root folder for recipe entry '"
          + dataset + "'. Received: root=" + root);
    }
  }

  public String dataset() {
    return dataset;
  }

  /**
   * @param line the line's bytes (UTF-8)
   * @param source {@code file:line} for messages
   * @param lineNumber 1-based, used for a missing id
   */
  public ParsedRecord parse(byte[] line, int off, int len, String source, long lineNumber) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(line, off, len);
    } catch (JsonProcessingException e) {
      throw new BadRecordException(SkipReason.MALFORMED_JSON, Recipe.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new BadRecordException(SkipReason.MALFORMED_JSON, Recipe.firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new BadRecordException(SkipReason.INVALID_RECORD,
          "expected a JSON object, got " + (tree == null ? "nothing" : tree.getNodeType()));
    }
    List<String> notes = new ArrayList<>(0);
    tree.fieldNames().forEachRemaining(f -> {
      if (!KNOWN.contains(f)) {
        notes.add("unknown field '" + f + "'");
      }
    });
    String id = id(tree.get("id"), lineNumber);
    List<String> images = images(tree.get("image"));
    List<Turn> turns = conversations(tree.get("conversations"), notes);
    turns = placeholders(turns, images.size());
    List<GroundingRef> grounding = grounding(turns);
    List<ImageRef> refs = new ArrayList<>(images.size());
    for (String image : images) {
      refs.add(resolve(image));
    }
    return new ParsedRecord(dataset, source, new InstructionRecord(id, images, turns), refs,
        grounding, notes);
  }

  private String id(JsonNode n, long lineNumber) {
    if (n == null || n.isNull()) {
      return dataset + ":" + lineNumber;
    }
    if (n.isTextual() || n.isIntegralNumber()) {
      return n.asText();
    }
    throw new BadRecordException(SkipReason.INVALID_RECORD, "expected a string id, got " + n);
  }

  private static List<String> images(JsonNode n) {
    if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())
        || (n.isArray() && n.isEmpty())) {
      throw new BadRecordException(SkipReason.NO_IMAGE, "no \"image\" field");
    }
    if (n.isTextual()) {
      return List.of(n.asText());
    }
    if (!n.isArray()) {
      throw new BadRecordException(SkipReason.INVALID_RECORD,
          "expected \"image\" to be a string or an array of strings, got " + n.getNodeType());
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isTextual() || e.asText().isBlank()) {
        throw new BadRecordException(SkipReason.INVALID_RECORD,
            "expected \"image\" entries to be non-empty strings, got " + e);
      }
      out.add(e.asText());
    }
    return out;
  }

  private static List<Turn> conversations(JsonNode n, List<String> notes) {
    if (n == null || n.isNull() || (n.isArray() && n.isEmpty())) {
      throw new BadRecordException(SkipReason.EMPTY_CONVERSATION, "no turns");
    }
    if (!n.isArray()) {
      throw new BadRecordException(SkipReason.INVALID_RECORD,
          "expected \"conversations\" to be an array, got " + n.getNodeType());
    }
    List<Turn> turns = new ArrayList<>(n.size());
    boolean human = false;
    boolean gpt = false;
    boolean anyText = false;
    for (JsonNode t : n) {
      if (!t.isObject()) {
        throw new BadRecordException(SkipReason.INVALID_RECORD, "expected turns to be objects, got " + t);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
        String f = it.next().getKey();
        if (!TURN_KNOWN.contains(f)) {
          notes.add("unknown field 'conversations[]." + f + "'");
        }
      }
      JsonNode from = t.get("from");
      JsonNode value = t.get("value");
      if (from == null || !from.isTextual()) {
        throw new BadRecordException(SkipReason.INVALID_RECORD, "a turn without \"from\"");
      }
      if (value == null || !value.isTextual()) {
        throw new BadRecordException(SkipReason.INVALID_RECORD,
            "expected a string \"value\" in a turn, got " + value);
      }
      Role role = switch (from.asText()) {
        case "human" -> Role.HUMAN;
        case "gpt" -> Role.GPT;
        case "system" -> Role.SYSTEM;
        default -> throw new BadRecordException(SkipReason.INVALID_RECORD,
            "expected \"from\" to be human, gpt or system, got '" + from.asText() + "'");
      };
      String v = value.asText();
      boolean text = !v.isBlank();
      anyText |= text && role != Role.SYSTEM;
      human |= role == Role.HUMAN;
      gpt |= role == Role.GPT && text;
      turns.add(new Turn(role, v));
    }
    if (!anyText) {
      throw new BadRecordException(SkipReason.EMPTY_CONVERSATION, "every turn is empty");
    }
    if (!human || !gpt) {
      throw new BadRecordException(SkipReason.ONE_SIDED_CONVERSATION,
          human ? "no assistant (gpt) answer" : "no human turn");
    }
    return turns;
  }

  /** InternVL: prepend {@code <image>} to the first human turn when no turn has one. */
  static List<Turn> placeholders(List<Turn> turns, int images) {
    int count = 0;
    for (Turn t : turns) {
      count += occurrences(t.value(), IMAGE);
    }
    if (count == images) {
      return turns;
    }
    if (count != 0) {
      throw new BadRecordException(SkipReason.IMAGE_PLACEHOLDER_MISMATCH,
          count + " <image> placeholders for " + images + " images");
    }
    StringBuilder prefix = new StringBuilder();
    if (images == 1) {
      prefix.append(IMAGE).append('\n');
    } else {
      for (int i = 1; i <= images; i++) {
        prefix.append("Image-").append(i).append(": ").append(IMAGE).append('\n');
      }
    }
    List<Turn> out = new ArrayList<>(turns);
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).from() == Role.HUMAN) {
        out.set(i, new Turn(Role.HUMAN, prefix + out.get(i).value()));
        break;
      }
    }
    return out;
  }

  static int occurrences(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }

  private static List<GroundingRef> grounding(List<Turn> turns) {
    List<GroundingRef> out = new ArrayList<>(0);
    for (Turn t : turns) {
      if (Grounding.hasBoxes(t.value())) {
        try {
          out.addAll(Grounding.parse(t.value()));
        } catch (VitpException e) {
          throw new BadRecordException(SkipReason.BAD_BOX, e.getMessage());
        }
      }
    }
    return out;
  }

  /**
   * Resolves an image path inside the root: {@code ..} that leaves the root, absolute paths
   * elsewhere and symbolic links pointing out of the root are rejected.
   */
  public ImageRef resolve(String image) {
    String p = image;
    int slice = -1;
    int hash = p.lastIndexOf('#');
    if (hash > 0 && ImageRef.isNifti(p.substring(0, hash))
        && p.substring(hash + 1).matches("\\d{1,9}")) {
      slice = Integer.parseInt(p.substring(hash + 1));
      p = p.substring(0, hash);
    }
    Path candidate;
    try {
      candidate = root.resolve(p).normalize();
    } catch (InvalidPathException e) {
      throw new BadRecordException(SkipReason.INVALID_RECORD, "invalid image path '" + image + "'");
    }
    if (!candidate.startsWith(root)) {
      throw new BadRecordException(SkipReason.PATH_ESCAPE, image);
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException e) {
      throw new BadRecordException(SkipReason.MISSING_IMAGE, image);
    }
    if (!real.startsWith(rootReal)) {
      throw new BadRecordException(SkipReason.PATH_ESCAPE, image + " -> " + real);
    }
    if (!Files.isRegularFile(real)) {
      throw new BadRecordException(SkipReason.MISSING_IMAGE, image + " is not a file");
    }
    return new ImageRef(real, slice);
  }
}
