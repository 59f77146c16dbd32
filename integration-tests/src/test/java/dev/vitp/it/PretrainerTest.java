package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VitpModel;
import dev.vitp.api.objective.InstructionObjective;
import dev.vitp.api.train.BatchSource;
import dev.vitp.api.train.Checkpoints;
import dev.vitp.api.train.Pretrainer;
import dev.vitp.api.train.StepMetrics;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainConfig;
import dev.vitp.api.train.TrainListener;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.vrl.KeptTokens;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pretraining loop on djl-pytorch: learning, exact resume, NaN handling. */
class PretrainerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VOCAB = 64;

  /** Keeps 4 of the 16 nano image tokens, chosen by the step's generator (VRL r = 0.75). */
  private static final TokenDropStrategy KEEP_QUARTER = (batch, n, random) -> {
    int[][] positions = new int[batch][];
    for (int b = 0; b < batch; b++) {
      positions[b] = random.ints(0, n).distinct().limit(4).sorted().toArray();
    }
    return KeptTokens.of(n, positions);
  };

  private static final BatchSource FIXED = (step, micro) ->
      VitpModelTest.randomBatch(2, VOCAB, 100 + step % 2);

  private static TrainConfig config(long steps) {
    return TrainConfig.defaults(steps).withBatchSize(2).withCheckpointEvery(2).withLr(3e-3f);
  }

  private static List<Double> train(Path run, long steps, long stopAfter, boolean resume,
      BatchSource batches) {
    List<Double> losses = new ArrayList<>();
    try (BackendSession session = DjlFixture.backend().newSession(0);
        StopSignal stop = StopSignal.manual()) {
      VitpModel model = new VitpModel(session, Presets.get("nano"), VOCAB, 5);
      Checkpoints checkpoints = new Checkpoints(JSON);
      TrainListener record = new TrainListener() {
        @Override
        public void onStep(StepMetrics m, long total) {
          losses.add(m.loss());
          if (m.step() == stopAfter) {
            stop.request();
          }
        }
      };
      Pretrainer trainer = new Pretrainer(session, new InstructionObjective.Built(model,
          KEEP_QUARTER), batches, config(steps),
          run, checkpoints, JSON.createObjectNode(), List.of(record));
      long first = 0;
      if (resume) {
        Checkpoints.Saved saved = checkpoints.latest(run);
        Checkpoints.restore(session, saved.weights());
        first = saved.step();
      }
      trainer.run(first, stop);
    }
    return losses;
  }

  @Test
  void lossFallsAndAnInterruptedRunResumesBitForBit() throws Exception {
    Path straight = Files.createTempDirectory("run-straight");
    List<Double> uninterrupted = train(straight, 8, -1, false, FIXED);
    assertTrue(uninterrupted.get(7) < uninterrupted.get(0) - 0.3,
        "loss should fall on a fixed pair of batches: " + uninterrupted);

    Path split = Files.createTempDirectory("run-split");
    List<Double> firstPart = train(split, 8, 3, false, FIXED);
    assertEquals(3, firstPart.size(), "stopped after step 3");
    assertEquals(3, new Checkpoints(JSON).latest(split).step(), "saved on stop");
    List<Double> secondPart = train(split, 8, -1, true, FIXED);
    List<Double> resumed = new ArrayList<>(firstPart);
    resumed.addAll(secondPart);
    assertEquals(uninterrupted, resumed, "same loss sequence, bit for bit");
  }

  @Test
  void aNanLossStopsTheRunNamingTheStepAndTheLastGoodCheckpoint() throws Exception {
    Path run = Files.createTempDirectory("run-nan");
    BatchSource poisoned = (step, micro) -> {
      ModelBatch b = VitpModelTest.randomBatch(2, VOCAB, step);
      if (step == 2) {
        Arrays.fill(b.images(), Float.NaN);
      }
      return b;
    };
    VitpException e = assertThrows(VitpException.class, () -> train(run, 6, -1, false, poisoned));
    assertTrue(e.getMessage().contains("at step 3"), e.getMessage());
    assertTrue(e.getMessage().contains("checkpoint-2.safetensors (step 2)"), e.getMessage());
  }
}
