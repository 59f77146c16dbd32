package dev.vitp.api.text;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.FactoryContext;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.text.SpecialTokens;
import dev.vitp.spi.text.Tokenizer;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A word-level tokenizer fitted on an instruction corpus and saved with the run. Words are
 * lower-cased; numbers are split into digits (so box coordinates 0–1000 need only ten tokens);
 * punctuation is one token per character; the special tokens are single tokens with fixed ids.
 */
public final class WordTokenizer implements Tokenizer {
  private static final Pattern PIECES = Pattern.compile(
      "</?(?:ref|box)>|<(?:pad|eos|unk|image|system|user|assistant)>|\\p{L}+|\\d|[^\\s\\p{L}\\d]");

  private final List<String> vocab;
  private final Map<String, Integer> ids = new HashMap<>();
  private final int unk;

  public WordTokenizer(List<String> vocab) {
    this(null, vocab);
  }

  @JsonCreator
  WordTokenizer(@JsonProperty("type") @Nullable String type,
      @JsonProperty("vocab") List<String> vocab) {
    if (type != null && !type.equals("word-level")) {
      throw VitpException.userError(
          "Expected a tokenizer of type word-level. Received: type=" + type);
    }
    for (int i = 0; i < SpecialTokens.ALL.size(); i++) {
      if (vocab.size() <= i || !vocab.get(i).equals(SpecialTokens.ALL.get(i))) {
        throw VitpException.userError("Expected the vocabulary to start with the special tokens "
            + SpecialTokens.ALL + ". Received: " + vocab.subList(0, Math.min(vocab.size(), 11)));
      }
    }
    this.vocab = List.copyOf(vocab);
    for (int i = 0; i < vocab.size(); i++) {
      if (ids.putIfAbsent(vocab.get(i), i) != null) {
        throw VitpException.userError("Expected unique vocabulary entries. Received: duplicate "
            + vocab.get(i));
      }
    }
    this.unk = ids.get(SpecialTokens.UNK);
  }

  /**
   * Fits a vocabulary: special tokens, the ten digits, then pieces by descending frequency (ties
   * alphabetical, so the result is deterministic), at most {@code maxVocab} entries, each seen at
   * least {@code minCount} times.
   */
  public static WordTokenizer fit(Iterable<String> corpus, int maxVocab, int minCount) {
    PieceCounts counts = new PieceCounts();
    corpus.forEach(counts::add);
    return counts.fit(maxVocab, minCount);
  }

  /**
   * The piece counts {@link #fit} ranks, gathered text by text, so that a corpus is streamed
   * rather than held in memory.
   */
  public static final class PieceCounts {
    private final Map<String, Long> counts = new HashMap<>();
    private long texts;

    public void add(String text) {
      texts++;
      for (String piece : pieces(text)) {
        counts.merge(piece, 1L, Long::sum);
      }
    }

    /** How many texts were counted. */
    public long texts() {
      return texts;
    }

    /** The vocabulary of these counts, as {@link WordTokenizer#fit} builds it. */
    public WordTokenizer fit(int maxVocab, int minCount) {
      List<String> vocab = new ArrayList<>(SpecialTokens.ALL);
      for (char d = '0'; d <= '9'; d++) {
        vocab.add(String.valueOf(d));
      }
      List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
      sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey()));
      for (Map.Entry<String, Long> e : sorted) {
        if (vocab.size() >= maxVocab || e.getValue() < minCount) {
          break;
        }
        if (!vocab.contains(e.getKey())) {
          vocab.add(e.getKey());
        }
      }
      return new WordTokenizer(vocab);
    }
  }

  /**
   * The pieces this tokenizer splits {@code text} into before looking them up (words lower-cased,
   * numbers, punctuation, {@code <special>} tokens): one token each, so their count is a text's
   * token budget whatever the vocabulary.
   */
  public static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = PIECES.matcher(text);
    while (m.find()) {
      String piece = m.group();
      out.add(piece.startsWith("<") && piece.endsWith(">") && piece.length() > 2
          ? piece : piece.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  @JsonProperty("type")
  public String type() {
    return "word-level";
  }

  @JsonProperty("vocab")
  public List<String> vocab() {
    return vocab;
  }

  @Override
  public int vocabSize() {
    return vocab.size();
  }

  @Override
  public int[] encode(String text) {
    List<String> pieces = pieces(text);
    int[] out = new int[pieces.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.getOrDefault(pieces.get(i), unk);
    }
    return out;
  }

  @Override
  public String decode(int[] tokenIds) {
    StringBuilder b = new StringBuilder();
    String previous = "";
    for (int id : tokenIds) {
      String piece = id >= 0 && id < vocab.size() ? vocab.get(id) : SpecialTokens.UNK;
      boolean glue = isDigit(piece) && isDigit(previous)
          || piece.length() == 1 && !Character.isLetterOrDigit(piece.charAt(0))
          || previous.length() == 1 && "[(".contains(previous);
      if (b.length() > 0 && !glue) {
        b.append(' ');
      }
      b.append(piece);
      previous = piece;
    }
    return b.toString();
  }

  @Override
  public OptionalInt specialId(String token) {
    Integer id = SpecialTokens.ALL.contains(token) ? ids.get(token) : null;
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The id of a special token this tokenizer always has. */
  public int special(String token) {
    return specialId(token).orElseThrow(
        () -> VitpException.internal("special token missing: " + token));
  }

  public void save(Path file, ObjectMapper json) {
    try {
      AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    } catch (IOException e) {
      throw VitpException.internal("Could not serialise the tokenizer: " + e);
    }
  }

  /** Reads a tokenizer that {@link #save} wrote, with the runtime's JSON binding. */
  public static WordTokenizer load(Path file, FactoryContext context) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable word-level tokenizer JSON. Received: "
          + "file=" + file + ", error=" + e, e);
    }
    try {
      return context.readJson(text, WordTokenizer.class);
    } catch (VitpException e) {
      throw VitpException.userError("Expected a word-level tokenizer JSON. Received: file=" + file
          + ", error=" + e.getMessage(), e);
    }
  }

  private static boolean isDigit(String s) {
    return s.length() == 1 && Character.isDigit(s.charAt(0));
  }
}
