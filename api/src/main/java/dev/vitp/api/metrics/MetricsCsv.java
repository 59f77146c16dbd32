package dev.vitp.api.metrics;

import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code metrics.csv}: one header, then one row per metrics record (RFC 4180, comma separated,
 * a cell empty where a record has no value, e.g. {@code val_loss} between validations). The
 * columns are fixed when the file is opened; a record with a new key (a validation metric first
 * seen after some epochs) adds a column at the end and the file is rewritten with the one new
 * header, so every row always has every column.
 */
public final class MetricsCsv implements AutoCloseable {
  public static final String FILE = "metrics.csv";

  /** A CSV file read back: its columns in order and its rows (column to cell text). */
  public record Table(List<String> columns, List<Map<String, String>> rows) {
    /** The column's cells as numbers, NaN where a cell is empty or not a number. */
    public double[] numbers(String column) {
      double[] out = new double[rows.size()];
      for (int i = 0; i < out.length; i++) {
        String cell = rows.get(i).getOrDefault(column, "");
        try {
          out[i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          out[i] = Double.NaN;
        }
      }
      return out;
    }
  }

  private final Path file;
  private final List<String> columns;
  private @Nullable BufferedWriter writer;

  private MetricsCsv(Path file, List<String> columns) {
    this.file = file;
    this.columns = columns;
  }

  /**
   * Opens {@code file} for appending. Rows an earlier run left there are kept where {@code keep}
   * accepts them (a resumed run drops the rows of the steps it runs again) and the file is
   * rewritten with them; its header is the earlier one followed by any of {@code columns} it
   * lacks. Without an earlier file it starts with {@code columns}.
   */
  public static MetricsCsv open(Path file, List<String> columns,
      Predicate<Map<String, String>> keep) {
    LinkedHashSet<String> header = new LinkedHashSet<>();
    List<Map<String, String>> kept = new ArrayList<>();
    if (Files.exists(file)) {
      Table earlier = read(file);
      header.addAll(earlier.columns());
      earlier.rows().stream().filter(keep).forEach(kept::add);
    }
    header.addAll(columns);
    MetricsCsv csv = new MetricsCsv(file, new ArrayList<>(header));
    csv.rewrite(kept);
    return csv;
  }

  public Path file() {
    return file;
  }

  /** Appends a row; a value may be a number, text or null (an empty cell). */
  public void append(Map<String, ?> values) {
    boolean added = false;
    for (String key : values.keySet()) {
      if (!columns.contains(key)) {
        columns.add(key);
        added = true;
      }
    }
    if (added) {
      List<Map<String, String>> rows = read(file).rows();
      close();
      rewrite(rows);
    }
    List<String> cells = new ArrayList<>(columns.size());
    for (String c : columns) {
      cells.add(cell(values.get(c)));
    }
    write(line(cells));
  }

  /**
   * A value's cell: numbers in plain notation where that stays short (a wall time as {@code
   * 1796527954.795}, not {@code 1.796527954795E9}), the shortest round-trip text otherwise.
   */
  static String cell(@Nullable Object v) {
    if (v == null) {
      return "";
    }
    if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
      double d = ((Number) v).doubleValue();
      String shortest = v instanceof Float ? Float.toString((Float) v) : Double.toString(d);
      return d == 0 || Math.abs(d) >= 1e-4 && Math.abs(d) < 1e15
          ? new java.math.BigDecimal(shortest).toPlainString() : shortest;
    }
    return v.toString();
  }

  private void rewrite(List<Map<String, String>> rows) {
    StringBuilder text = new StringBuilder(line(columns));
    for (Map<String, String> row : rows) {
      List<String> cells = new ArrayList<>(columns.size());
      for (String c : columns) {
        cells.add(row.getOrDefault(c, ""));
      }
      text.append(line(cells));
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw unwritable(e);
    }
  }

  private void write(String line) {
    BufferedWriter w = writer;
    if (w == null) {
      throw VitpException.internal(file + " is closed");
    }
    try {
      w.write(line);
      w.flush();
    } catch (IOException e) {
      throw unwritable(e);
    }
  }

  private VitpException unwritable(IOException e) {
    return VitpException.userError("Expected a writable metrics file. Received: file=" + file
        + ", error=" + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException ignored) {
        // every row was flushed when written
      }
      writer = null;
    }
  }

  private static String line(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String cell = cells.get(i);
      if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
          || cell.indexOf('\r') >= 0) {
        b.append('"').append(cell.replace("\"", "\"\"")).append('"');
      } else {
        b.append(cell);
      }
    }
    return b.append('\n').toString();
  }

  /**
   * Reads a CSV file with a header. A last line cut short by a crash (fewer cells than the
   * header) is left out.
   */
  public static Table read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable CSV file. Received: file=" + file
          + ", error=" + e.getMessage(), e);
    }
    List<List<String>> lines = parse(text);
    if (lines.isEmpty()) {
      return new Table(List.of(), List.of());
    }
    List<String> header = lines.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      List<String> cells = lines.get(i);
      if (cells.size() != header.size()) {
        if (i == lines.size() - 1) {
          break;
        }
        throw VitpException.userError("Expected " + header.size() + " cells in every row of "
            + file + ". Received: " + cells.size() + " in row " + i);
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), cells.get(c));
      }
      rows.add(row);
    }
    return new Table(List.copyOf(header), List.copyOf(rows));
  }

  private static List<List<String>> parse(String text) {
    List<List<String>> lines = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
        any = true;
      } else if (ch == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        any = true;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || cell.length() > 0) {
          cells.add(cell.toString());
          lines.add(cells);
        }
        cells = new ArrayList<>();
        cell.setLength(0);
        any = false;
      } else {
        cell.append(ch);
        any = true;
      }
    }
    if (any || cell.length() > 0) {
      cells.add(cell.toString());
      lines.add(cells);
    }
    return lines;
  }
}
