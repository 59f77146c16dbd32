package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;
import java.util.List;

/**
 * A collated batch for a trainer: every image of every record, resized and normalised, as one
 * float tensor {@code [imageCount, channels, height, width]} (CHW per image, row-major), the
 * records' conversations (tokenisation happens later) and per-sample metadata. A record with
 * several images contributes {@code imagesPerRecord[i]} consecutive images. The arrays are owned
 * by the batch and not copied.
 */
public record InstructionBatch(float[] images, int imageCount, int channels, int height, int width,
    int[] imagesPerRecord, List<InstructionRecord> records, List<SampleMeta> meta) {
  public InstructionBatch {
    records = List.copyOf(records);
    meta = List.copyOf(meta);
    long expected = (long) imageCount * channels * height * width;
    int sum = 0;
    for (int n : imagesPerRecord) {
      sum += n;
    }
    if (images.length != expected || sum != imageCount || imagesPerRecord.length != records.size()
        || meta.size() != records.size()) {
      throw VitpException.internal("Expected a consistent batch. Received: images.length="
          + images.length + " shape=[" + imageCount + "," + channels + "," + height + "," + width
          + "] imagesPerRecord.sum=" + sum + " records=" + records.size() + " meta=" + meta.size());
    }
  }

  /** Records in the batch. */
  public int size() {
    return records.size();
  }

  /** {@code [imageCount, channels, height, width]}. */
  public long[] shape() {
    return new long[] {imageCount, channels, height, width};
  }

  /** The index of record {@code i}'s first image in {@link #images()}. */
  public int firstImageOf(int i) {
    int s = 0;
    for (int k = 0; k < i; k++) {
      s += imagesPerRecord[k];
    }
    return s;
  }
}
