package dev.vitp.spi.vrl;

import dev.vitp.spi.VitpException;
import java.util.Arrays;

/**
 * The image-token positions each sample keeps, {@code keptPerSample} per sample, in the order they
 * are fed to the language model. Positions are distinct within a sample and in {@code [0, N)}.
 */
public final class KeptTokens {
  private final int batchSize;
  private final int tokenCount;
  private final int[][] positions;

  private KeptTokens(int batchSize, int tokenCount, int[][] positions) {
    this.batchSize = batchSize;
    this.tokenCount = tokenCount;
    this.positions = positions;
  }

  /** Validates and wraps per-sample positions (copied). */
  public static KeptTokens of(int tokenCount, int[][] positions) {
    int kept = positions.length == 0 ? 0 : positions[0].length;
    int[][] copy = new int[positions.length][];
    for (int b = 0; b < positions.length; b++) {
      int[] row = positions[b];
      boolean[] seen = new boolean[tokenCount];
      boolean valid = row.length == kept;
      for (int i = 0; valid && i < row.length; i++) {
        valid = row[i] >= 0 && row[i] < tokenCount && !seen[row[i]];
        if (valid) {
          seen[row[i]] = true;
        }
      }
      if (!valid) {
        throw VitpException.userError(
            "Expected " + kept + " distinct kept positions in [0, " + tokenCount + ") per sample. "
                + "Received: sample=" + b + ", positions=" + Arrays.toString(row));
      }
      copy[b] = row.clone();
    }
    return new KeptTokens(positions.length, tokenCount, copy);
  }

  /** Every token kept, in order. */
  public static KeptTokens all(int batchSize, int tokenCount) {
    int[][] positions = new int[batchSize][tokenCount];
    for (int[] row : positions) {
      Arrays.setAll(row, i -> i);
    }
    return new KeptTokens(batchSize, tokenCount, positions);
  }

  public int batchSize() {
    return batchSize;
  }

  public int tokenCount() {
    return tokenCount;
  }

  public int keptPerSample() {
    return positions.length == 0 ? 0 : positions[0].length;
  }

  /** The kept positions of one sample (a copy). */
  public int[] positions(int sample) {
    return positions[sample].clone();
  }

  /**
   * Row indices into the batch's image tokens flattened to {@code [batchSize * tokenCount, C]},
   * ready for {@code math().gather(tokens, 0, indices)}.
   */
  public int[] flatIndices() {
    int kept = keptPerSample();
    int[] flat = new int[batchSize * kept];
    for (int b = 0; b < batchSize; b++) {
      for (int i = 0; i < kept; i++) {
        flat[b * kept + i] = b * tokenCount + positions[b][i];
      }
    }
    return flat;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeptTokens k && k.tokenCount == tokenCount
        && Arrays.deepEquals(k.positions, positions);
  }

  @Override
  public int hashCode() {
    return 31 * tokenCount + Arrays.deepHashCode(positions);
  }

  @Override
  public String toString() {
    return "KeptTokens[kept=" + keptPerSample() + "/" + tokenCount + ", batch=" + batchSize + "]";
  }
}
