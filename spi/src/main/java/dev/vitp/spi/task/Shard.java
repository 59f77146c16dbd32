package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import java.util.List;

/**
 * One of {@code count} contiguous parts of a sorted list of work items (images, pairs), for
 * prediction spread over workers: part {@code index} holds items {@code [n·index/count,
 * n·(index+1)/count)}, so the parts in index order are the list in order, and writing each part's
 * results one after the other gives the single-process output.
 *
 * @param index which part, from 0
 * @param count how many parts
 */
public record Shard(int index, int count) {
  /** The whole list: what a single process predicts. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw VitpException.userError("Expected a shard 0 <= index < count. Received: index="
          + index + ", count=" + count);
    }
  }

  /** This part of {@code items}. */
  public <T> List<T> of(List<T> items) {
    int n = items.size();
    return items.subList((int) ((long) n * index / count), (int) ((long) n * (index + 1) / count));
  }

  /** Whether this is the first part, which reports what listing the items noticed. */
  public boolean first() {
    return index == 0;
  }
}
