package dev.vitp.api.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.model.VitpModel;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.AdamW;
import dev.vitp.spi.nn.LrSchedule;
import dev.vitp.spi.nn.OptimizerStep;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.spi.pretrain.ObjectiveLoss;
import dev.vitp.spi.pretrain.ObjectiveModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The pretraining loop, whatever the objective: for each optimizer step, accumulate gradients of
 * the objective's loss over micro-batches, clip by global norm, AdamW update, report, checkpoint.
 * Every random choice (VRL, MAE masks, dropout) derives from (seed, step, micro-batch), so a
 * resumed run continues bit for bit.
 */
public final class Pretrainer {
  /** How a run ended. */
  public record Result(long completedSteps, double lastLoss, boolean stoppedEarly,
      long skippedEmptyBatches, Checkpoints.@Nullable Saved lastCheckpoint) {}

  private final BackendSession session;
  private final ObjectiveModel objective;
  private final BatchSource batches;
  private final TrainConfig config;
  private final Path runDir;
  private final Checkpoints checkpoints;
  private final ObjectNode meta;
  private final List<TrainListener> listeners;
  private final AdamW optimizer;
  private final @Nullable HeldOutLoss heldOut;

  /** The loss on held-out records with the current weights ({@code val_loss}). */
  @FunctionalInterface
  public interface HeldOutLoss {
    double measure();
  }

  public Pretrainer(BackendSession session, ObjectiveModel objective, BatchSource batches,
      TrainConfig config, Path runDir, Checkpoints checkpoints, ObjectNode meta,
      List<TrainListener> listeners) {
    this(session, objective, batches, config, runDir, checkpoints, meta, listeners, null);
  }

  /**
   * With {@code heldOut}, every {@link TrainConfig#valEvery()} steps and after the last one the
   * step's metrics carry the held-out loss.
   */
  public Pretrainer(BackendSession session, ObjectiveModel objective, BatchSource batches,
      TrainConfig config, Path runDir, Checkpoints checkpoints, ObjectNode meta,
      List<TrainListener> listeners, @Nullable HeldOutLoss heldOut) {
    this.heldOut = heldOut;
    this.session = session;
    this.objective = objective;
    this.batches = batches;
    this.config = config;
    this.runDir = runDir;
    this.checkpoints = checkpoints;
    this.meta = meta;
    this.listeners = List.copyOf(listeners);
    List<Parameter> modelParameters = new ArrayList<>();
    for (Parameter p : session.parameters()) {
      if (!p.name().startsWith("optimizer.")) {
        p.setTrainable(!frozen(p.name()));
        modelParameters.add(p);
      }
    }
    this.optimizer = new AdamW(session, modelParameters,
        new AdamW.Settings(0.9f, 0.999f, 1e-8f, config.weightDecay()),
        p -> p.name().startsWith(VitpModel.VISION_PREFIX) ? config.vitLrScale() : 1f);
  }

  private boolean frozen(String name) {
    return config.freezeVit() && name.startsWith(VitpModel.VISION_PREFIX)
        || config.freezeProjector() && name.startsWith("mlp1.")
        || config.freezeDecoder() && name.startsWith("language_model.");
  }

  /** The seed of one micro-batch: drives VRL, dropout and drop path. */
  public static long microSeed(long seed, long step, int micro) {
    long z = seed + 0x9E3779B97F4A7C15L * (step * 1_000_003L + micro + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Trains from {@code firstStep} (0, or the step a checkpoint was saved at) to {@code
   * config.steps()}, or until {@code stop} is raised; saves a checkpoint before returning.
   */
  public Result run(long firstStep, StopSignal stop) {
    LrSchedule schedule = config.schedule();
    listeners.forEach(l -> l.onStart(firstStep, config.steps()));
    double lastLoss = Double.NaN;
    long skipped = 0;
    Checkpoints.Saved last = null;
    long step = firstStep;
    try {
      for (; step < config.steps() && !stop.requested(); step++) {
        long started = System.nanoTime();
        session.zeroGradients();
        double lossSum = 0;
        int contributing = 0;
        int kept = 0;
        int textTokens = 0;
        for (int micro = 0; micro < config.accumulation(); micro++) {
          ModelBatch batch = batches.batch(step, micro);
          textTokens += batch.batchSize() * batch.textTokens();
          long seed = microSeed(config.seed(), step, micro);
          try (Step s = session.newStep(StepMode.TRAINING, seed)) {
            ObjectiveLoss objectiveLoss = objective.loss(s, batch, new SplittableRandom(seed));
            Tensor loss = objectiveLoss.value();
            if (loss == null) {
              skipped++;
              continue;
            }
            kept = objectiveLoss.visibleImageTokens();
            float value = s.item(loss);
            if (!Float.isFinite(value)) {
              throw nonFinite("loss", value, step, last);
            }
            s.backward(s.math().mulScalar(loss, 1f / config.accumulation()));
            lossSum += value;
            contributing++;
          }
        }
        float lr = schedule.at(step);
        float gradNorm = 0f;
        if (contributing > 0) {
          // Accumulated gradients are means over the micro-batches that had supervised tokens.
          float rescale = (float) config.accumulation() / contributing;
          long failedStep = step;
          Checkpoints.Saved lastGood = last;
          try (Step s = session.newStep(StepMode.INFERENCE, 0L)) {
            gradNorm = OptimizerStep.apply(s, List.of(new OptimizerStep.Part(optimizer, step + 1)),
                lr, rescale, config.clipNorm(),
                norm -> nonFinite("gradient norm", norm, failedStep, lastGood));
          }
          lastLoss = lossSum / contributing;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int images = config.batchSize() * config.accumulation();
        StepMetrics stepMetrics = new StepMetrics(step + 1, lastLoss, lr, gradNorm,
            images / seconds, textTokens / seconds, kept, seconds * 1000);
        if (heldOut != null && config.valEvery() > 0
            && ((step + 1) % config.valEvery() == 0 || step + 1 == config.steps())) {
          stepMetrics = stepMetrics.withValLoss(heldOut.measure());
        }
        StepMetrics metrics = stepMetrics;
        listeners.forEach(l -> l.onStep(metrics, config.steps()));
        boolean periodic = config.checkpointEvery() > 0 && (step + 1) % config.checkpointEvery() == 0
            && step + 1 < config.steps();
        if (periodic) {
          last = save(step + 1);
        }
      }
      if (last == null || last.step() != step) {
        last = save(step);
      }
    } finally {
      stop.finished();
    }
    long done = step;
    listeners.forEach(l -> l.onFinish(done));
    return new Result(step, lastLoss, step < config.steps(), skipped, last);
  }

  private Checkpoints.Saved save(long completedSteps) {
    Checkpoints.Saved saved = checkpoints.save(runDir, session, completedSteps, meta);
    listeners.forEach(l -> l.onCheckpoint(saved));
    return saved;
  }

  private static VitpException nonFinite(String what, float value, long step,
      Checkpoints.@Nullable Saved last) {
    String lastGood = last == null ? "none (no checkpoint was saved yet)"
        : last.weights() + " (step " + last.step() + ")";
    return VitpException.userError("Expected a finite " + what + ". Received: " + what + "="
        + value + " at step " + (step + 1) + "; stopped before updating the weights. Last good "
        + "checkpoint: " + lastGood + ". Lower --lr or check the data, then resume with --resume.");
  }
}
