package dev.vitp.plugins.domains.instruct;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.Turn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes records as InternVL JSONL lines: {@code "image"} is a string for one image and an array
 * for several, roles use the {@code human/gpt/system} names.
 */
public final class RecordWriter implements AutoCloseable {
  private final BufferedWriter out;
  private final Path file;
  private long count;

  public RecordWriter(Path file) {
    this.file = file;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable JSONL path. Received: file=" + file, e);
    }
  }

  /** One JSONL line (no newline). */
  public static String toLine(InstructionRecord r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", r.id());
    if (r.images().size() == 1) {
      n.put("image", r.images().get(0));
    } else {
      ArrayNode a = n.putArray("image");
      r.images().forEach(a::add);
    }
    ArrayNode conv = n.putArray("conversations");
    for (Turn t : r.conversations()) {
      ObjectNode o = conv.addObject();
      o.put("from", switch (t.from()) {
        case HUMAN -> "human";
        case GPT -> "gpt";
        case SYSTEM -> "system";
      });
      o.put("value", t.value());
    }
    try {
      return Json.MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw VitpException.internal("Cannot write a record as JSON: " + e.getMessage());
    }
  }

  public void write(InstructionRecord r) {
    writeLine(toLine(r));
  }

  /** Appends a line already produced by {@link #toLine}. */
  public void writeLine(String line) {
    try {
      out.write(line);
      out.write('\n');
      count++;
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable JSONL file. Received: file=" + file, e);
    }
  }

  public long count() {
    return count;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable JSONL file. Received: file=" + file, e);
    }
  }
}
