package dev.vitp.api.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.text.ConversationEncoder;
import dev.vitp.api.text.WordTokenizer;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.ImageInfo;
import dev.vitp.spi.data.InstructionBatch;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.SampleMeta;
import dev.vitp.spi.data.SkipSummary;
import dev.vitp.spi.data.Turn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionBatchesTest {
  private static final int SIZE = 4;
  private static final int PLANE = 3 * SIZE * SIZE;

  /** One batch of records with 1, 2 and 3 images; image {@code k} is filled with {@code k}. */
  private static InstructionSource oneBatch(int... imagesPerRecord) {
    int count = Arrays.stream(imagesPerRecord).sum();
    float[] pixels = new float[count * PLANE];
    for (int k = 0; k < count; k++) {
      Arrays.fill(pixels, k * PLANE, (k + 1) * PLANE, k);
    }
    List<InstructionRecord> records = new ArrayList<>();
    List<SampleMeta> meta = new ArrayList<>();
    for (int i = 0; i < imagesPerRecord.length; i++) {
      List<String> paths = new ArrayList<>();
      List<ImageInfo> infos = new ArrayList<>();
      for (int j = 0; j < imagesPerRecord[i]; j++) {
        paths.add("r" + i + "_" + j + ".png");
        infos.add(new ImageInfo(SIZE, SIZE, 3, 8, 0, 0, SIZE, SIZE, false));
      }
      records.add(new InstructionRecord("r" + i, paths, List.of(
          new Turn(Role.HUMAN, "<image>\nwhat changed"), new Turn(Role.GPT, "a building"))));
      meta.add(new SampleMeta("r" + i, "d", "s", i, paths, infos, List.of()));
    }
    InstructionBatch batch = new InstructionBatch(pixels, count, 3, SIZE, SIZE,
        imagesPerRecord.clone(), records, meta);
    return new InstructionSource() {
      @Override
      public dev.vitp.spi.data.RecordStream open() {
        throw new UnsupportedOperationException("batches only");
      }

      @Override
      public BatchStream batches(LoaderOptions options) {
        return new BatchStream() {
          private boolean given;

          @Override
          public boolean hasNext() {
            return !given;
          }

          @Override
          public InstructionBatch next() {
            given = true;
            return batch;
          }

          @Override
          public SkipSummary summary() {
            return SkipSummary.empty();
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  @Test
  void everyImageOfARecordIsShownUpToTheSlotsAndCutRecordsAreCounted() {
    WordTokenizer tokenizer = WordTokenizer.fit(List.of("what changed a building"), 100, 1);
    LoaderOptions options = LoaderOptions.builder().batchSize(3).imageSize(SIZE).build();
    try (InstructionBatches batches = new InstructionBatches(oneBatch(1, 2, 3), options,
        new ConversationEncoder(tokenizer, 16), 1, 2)) {
      ModelBatch batch = batches.batch(0, 0);
      assertArrayEquals(new int[] {1, 2, 2}, batch.imagesPerSample());
      float[] firstPixels = new float[batch.imageCount()];
      for (int k = 0; k < firstPixels.length; k++) {
        firstPixels[k] = batch.images()[k * PLANE];
      }
      // record 2's images are 3, 4, 5; its third does not fit the two slots
      assertArrayEquals(new float[] {0, 1, 2, 3, 4}, firstPixels);
      assertEquals(1, batches.recordsWithImagesCut());
    }
  }
}
