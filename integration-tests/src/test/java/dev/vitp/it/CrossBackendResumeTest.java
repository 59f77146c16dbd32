package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.api.vrl.UniformTokenDrop;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints are backend-neutral: a nano run trained on one backend, stopped and saved, resumes
 * on the other (weights and AdamW moments, by canonical names) and continues where the
 * uninterrupted run on the first backend went. The first resumed step starts from identical
 * weights, so its loss agrees to 1e-4; later steps apply updates from the other backend's
 * gradients (equal to about 1e-6), so they agree more loosely.
 */
class CrossBackendResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VOCAB = 64;
  private static final int STEPS = 5;
  private static final int STOP_AFTER = 2;
  private static final BatchSource BATCHES = (step, micro) ->
      VitpModelTest.randomBatch(2, VOCAB, 200 + step % 2);

  @Test
  void aRunTrainedOnDjlResumesOnJvm() throws Exception {
    resumesAcross(CrossBackend.DJL, CrossBackend.JVM);
  }

  @Test
  void aRunTrainedOnJvmResumesOnDjl() throws Exception {
    resumesAcross(CrossBackend.JVM, CrossBackend.DJL);
  }

  private static void resumesAcross(Backend first, Backend second) throws Exception {
    List<Double> straight = train(first, Files.createTempDirectory("cross-straight"), -1, false);
    Path split = Files.createTempDirectory("cross-split");
    List<Double> before = train(first, split, STOP_AFTER, false);
    assertEquals(STOP_AFTER, before.size(), "stopped after step " + STOP_AFTER);
    assertEquals(STOP_AFTER, new Checkpoints(JSON).latest(split).step(), "saved on stop");
    List<Double> after = train(second, split, -1, true);
    assertEquals(STEPS - STOP_AFTER, after.size(), "resumed for the remaining steps");
    String runs = first.name() + " straight " + straight + ", " + first.name() + " " + before
        + " then " + second.name() + " " + after;
    for (int i = 0; i < STOP_AFTER; i++) {
      assertEquals(straight.get(i), before.get(i), "same backend, same steps, bit for bit: " + runs);
    }
    double firstResumed = straight.get(STOP_AFTER);
    assertEquals(firstResumed, after.get(0), 1e-4 * Math.abs(firstResumed),
        "first step after the resume (identical weights): " + runs);
    for (int i = 1; i < after.size(); i++) {
      double want = straight.get(STOP_AFTER + i);
      assertEquals(want, after.get(i), 1e-2 * Math.abs(want), "step " + (STOP_AFTER + i + 1)
          + " after the resume: " + runs);
    }
    assertTrue(after.get(after.size() - 1) < straight.get(0), "training went on learning: " + runs);
  }

  private static List<Double> train(Backend backend, Path run, long stopAfter, boolean resume) {
    List<Double> losses = new ArrayList<>();
    try (BackendSession session = backend.newSession(0);
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
      TrainConfig config = TrainConfig.defaults(STEPS).withBatchSize(2).withCheckpointEvery(0)
          .withLr(3e-3f);
      Pretrainer trainer = new Pretrainer(session, new InstructionObjective.Built(model,
          new UniformTokenDrop(new UniformDropConfig(0.75, 1.0))), BATCHES, config, run,
          checkpoints, JSON.createObjectNode(), List.of(record));
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
}
