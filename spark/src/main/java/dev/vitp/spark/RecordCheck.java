package dev.vitp.spark;

import dev.vitp.api.text.WordTokenizer;
import dev.vitp.plugins.domains.image.ImageRef;
import dev.vitp.plugins.domains.instruct.AnnotationIndex;
import dev.vitp.plugins.domains.instruct.BadRecordException;
import dev.vitp.plugins.domains.instruct.ParsedRecord;
import dev.vitp.plugins.domains.instruct.RecordImages;
import dev.vitp.plugins.domains.instruct.RecordParser;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import dev.vitp.toolkit.image.DecodedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * The executor side of {@code vitp curate}: checks the records of one chunk ({@code d, chunk,
 * from, to}) exactly as the pretraining loader does (the same {@link RecordParser} and {@link
 * RecordImages}), and describes each as a row: why it was skipped, or its images' content hashes,
 * sizes and token counts.
 */
final class RecordCheck implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final StructType CHUNK = new StructType()
      .add("d", DataTypes.IntegerType, false)
      .add("chunk", DataTypes.IntegerType, false)
      .add("from", DataTypes.IntegerType, false)
      .add("to", DataTypes.IntegerType, false);

  /** One checked record; {@code reason} is null for a kept one, whose other fields are set. */
  static final StructType RECORD = new StructType()
      .add("d", DataTypes.IntegerType, false)
      .add("i", DataTypes.IntegerType, false)
      .add("chunk", DataTypes.IntegerType, false)
      .add("source", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true)
      .add("notes", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("line", DataTypes.StringType, true)
      .add("images", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("hashes", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("widths", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("heights", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("sizes", DataTypes.createArrayType(DataTypes.LongType, false), false)
      .add("answer_tokens", DataTypes.IntegerType, false)
      .add("text_tokens", DataTypes.IntegerType, false)
      .add("content_key", DataTypes.StringType, true);

  private final List<DatasetRef> datasets;
  private final long maxImagePixels;

  RecordCheck(List<DatasetRef> datasets, long maxImagePixels) {
    this.datasets = List.copyOf(datasets);
    this.maxImagePixels = maxImagePixels;
  }

  @Override
  public Iterator<Row> call(Row chunk) {
    int d = chunk.getInt(0);
    int chunkNo = chunk.getInt(1);
    int from = chunk.getInt(2);
    int to = chunk.getInt(3);
    DatasetRef ref = datasets.get(d);
    AnnotationIndex index = ref.index();
    RecordParser parser = RecordParser.forRoot(ref.name(), Path.of(ref.root()));
    List<Row> rows = new ArrayList<>(to - from);
    try (AnnotationIndex.Reader reader = index.openReader()) {
      for (int r = from; r < to; r++) {
        byte[] line = reader.read(r);
        String source = index.source(r);
        ParsedRecord parsed = null;
        try {
          parsed = parser.parse(line, 0, line.length, source, index.lineNumber(r));
          DecodedImage[] images = RecordImages.decode(parsed, maxImagePixels);
          rows.add(kept(d, r, chunkNo, parsed, new String(line, StandardCharsets.UTF_8), images));
        } catch (BadRecordException e) {
          rows.add(skipped(d, r, chunkNo, source, e, parsed));
        } catch (OutOfMemoryError e) {
          // As the loader does: what the record allocated is unreachable now; skip it, named.
          rows.add(skipped(d, r, chunkNo, source, RecordImages.outOfMemory(parsed), parsed));
        }
      }
    }
    return rows.iterator();
  }

  private static Row skipped(int d, int r, int chunkNo, String source, BadRecordException e,
      @Nullable ParsedRecord parsed) {
    List<String> notes = parsed == null ? List.of() : parsed.notes();
    return RowFactory.create(d, r, chunkNo, source, e.reason().name(), e.detail(),
        notes.toArray(String[]::new), null, new String[0], new String[0], new int[0], new int[0],
        new long[0], 0, 0, null);
  }

  private static Row kept(int d, int r, int chunkNo, ParsedRecord parsed, String line,
      DecodedImage[] images) {
    // Spark rows take arrays, not java.util.List, for array columns.
    String[] hashes = new String[images.length];
    int[] widths = new int[images.length];
    int[] heights = new int[images.length];
    long[] sizes = new long[images.length];
    for (int k = 0; k < images.length; k++) {
      ImageRef ref = parsed.images().get(k);
      hashes[k] = contentHash(ref);
      sizes[k] = size(ref.file());
      widths[k] = images[k].width();
      heights[k] = images[k].height();
    }
    int answerTokens = 0;
    int textTokens = 0;
    StringBuilder conversation = new StringBuilder();
    for (Turn turn : parsed.record().conversations()) {
      int tokens = WordTokenizer.pieces(turn.value()).size();
      textTokens += tokens;
      answerTokens += turn.from() == Role.GPT ? tokens : 0;
      conversation.append(turn.from()).append('\u0000').append(turn.value()).append('\u0000');
    }
    // Exact duplicates: the same conversation about images of the same content (ids aside).
    String contentKey = sha256(conversation + String.join(",", hashes));
    return RowFactory.create(d, r, chunkNo, parsed.source(), null, null,
        parsed.notes().toArray(String[]::new), line,
        parsed.record().images().toArray(String[]::new), hashes, widths, heights, sizes,
        answerTokens, textTokens, contentKey);
  }

  /** SHA-256 of the image file's bytes (and the slice, for a NIfTI volume's slice). */
  private static String contentHash(ImageRef ref) {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(ref.file())) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      // It decoded a moment ago; a file that vanishes in between is an I/O failure, not a skip.
      throw new UncheckedIOException(e);
    }
    if (ref.slice() >= 0) {
      digest.update(("#" + ref.slice()).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The chunks of {@code datasets}: at most {@code records} records each, in recipe order. */
  static List<Row> chunks(List<DatasetRef> datasets, int records) {
    List<Row> out = new ArrayList<>();
    for (int d = 0; d < datasets.size(); d++) {
      int n = datasets.get(d).records();
      for (int from = 0, c = 0; from < n; from += records, c++) {
        out.add(RowFactory.create(d, c, from, Math.min(n, from + records)));
      }
    }
    return out;
  }
}
