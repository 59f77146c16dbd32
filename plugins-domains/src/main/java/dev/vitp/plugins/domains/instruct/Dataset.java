package dev.vitp.plugins.domains.instruct;

import java.util.ArrayList;
import java.util.List;

/** A recipe entry ready for reading: its parser (root resolved) and its file's index. */
public record Dataset(RecipeEntry entry, RecordParser parser, AnnotationIndex index) {
  /**
   * Resolves roots and scans every annotation file of {@code recipe}; USER_ERROR for a missing
   * root or annotation file. {@code notes} receives declared lengths that do not match.
   */
  public static List<Dataset> open(Recipe recipe, List<String> notes) {
    List<Dataset> out = new ArrayList<>();
    for (RecipeEntry e : recipe.entries()) {
      RecordParser parser = RecordParser.forRoot(e.name(), e.root());
      AnnotationIndex index = AnnotationIndex.scan(e.annotation());
      if (e.length() != null && e.length() != index.size()) {
        notes.add("recipe entry '" + e.name() + "': length " + e.length() + " but "
            + index.size() + " records in " + e.annotation().getFileName());
      }
      out.add(new Dataset(e, parser, index));
    }
    return out;
  }

  /** The epoch order over {@code datasets} with their repeat times. */
  public static EpochOrder order(List<Dataset> datasets, boolean shuffle, long seed, int epoch) {
    int[] lines = new int[datasets.size()];
    long[] kept = new long[datasets.size()];
    for (int d = 0; d < lines.length; d++) {
      lines[d] = datasets.get(d).index().size();
      kept[d] = datasets.get(d).entry().keptCount(lines[d]);
    }
    return new EpochOrder(lines, kept, shuffle, seed, epoch);
  }

  /**
   * The records an epoch over {@code datasets} reads, each once, in file order: at most one
   * file's worth per dataset, whatever its repeat_time.
   */
  public static EpochOrder distinctOrder(List<Dataset> datasets) {
    int[] lines = new int[datasets.size()];
    long[] kept = new long[datasets.size()];
    for (int d = 0; d < lines.length; d++) {
      lines[d] = datasets.get(d).index().size();
      kept[d] = datasets.get(d).entry().distinctCount(lines[d]);
    }
    return new EpochOrder(lines, kept, false, 0, 0);
  }
}
