package dev.vitp.plugins.tasks.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vitp.plugins.tasks.data.Dataset;
import dev.vitp.plugins.tasks.data.DatasetOptions;
import dev.vitp.plugins.tasks.data.Datasets;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.nn.AdamW;
import dev.vitp.spi.nn.LrSchedule;
import dev.vitp.spi.nn.OptimizerStep;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.task.EpochRecord;
import dev.vitp.spi.task.FinetuneListener;
import dev.vitp.spi.task.FinetuneResult;
import dev.vitp.spi.task.FinetuneStep;
import dev.vitp.spi.task.RobustnessCheck;
import dev.vitp.spi.task.RobustnessScores;
import dev.vitp.spi.task.TaskHead;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import dev.vitp.toolkit.io.AtomicFiles;
import dev.vitp.toolkit.safetensors.SafeTensors;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Finetunes a backbone on a downstream task, as a library call: read the data at the backbone's
 * resolution, build the head, train with AdamW under warmup + cosine (full finetune with
 * layer-wise learning-rate decay, optionally after some head-only epochs (LP-FT), or a linear
 * probe on a frozen backbone), validate after every epoch, keep the best epoch's weights, and
 * write {@code metrics.json}. Every random choice derives from {@link FinetuneOptions#seed()},
 * so a run repeats exactly on the same backend and threads.
 */
public final class Finetuner {
  /** The checkpoint of the best validation epoch. */
  public static final String CHECKPOINT = "best.safetensors";
  public static final String METRICS = "metrics.json";
  public static final String EPOCHS = "epochs.jsonl";

  /** How downstream images are normalised (the ViTs vitp pretrains and InternViT expect it). */
  static final ImageNormalization NORMALIZATION = ImageNormalization.internVl();

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private Finetuner() {}

  /**
   * Finetunes with any head; {@code onEpoch} hears about every finished epoch. With a {@code
   * robustness} check, the best epoch's model is also scored on the validation set under each of
   * its corruptions at each severity ({@link FinetuneResult#robustness()}).
   */
  public static FinetuneResult run(Backend backend, BackboneBuilder backboneBuilder,
      TaskHeadBuilder headBuilder, FinetuneOptions o, @Nullable RobustnessCheck robustness,
      Consumer<EpochRecord> onEpoch) {
    return run(backend, backboneBuilder, headBuilder, o, robustness,
        FinetuneListener.ofEpochs(onEpoch));
  }

  /** Like {@link #run(Backend, BackboneBuilder, TaskHeadBuilder, FinetuneOptions,
   * RobustnessCheck, Consumer)}, with every optimizer step reported to {@code listener}. */
  public static FinetuneResult run(Backend backend, BackboneBuilder backboneBuilder,
      TaskHeadBuilder headBuilder, FinetuneOptions o, @Nullable RobustnessCheck robustness,
      FinetuneListener listener) {
    backend.requireCapability(Capability.TRAINING, "finetuning");
    if (robustness != null) {
      CorruptedSamples.checkTask(robustness, headBuilder.kind(), o.task());
    }
    try {
      Files.createDirectories(o.out());
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable output folder. Received: out=" + o.out(),
          e);
    }
    try (BackendSession session = backend.newSession(o.seed())) {
      ParameterScope root = ParameterScope.root(session, o.seed());
      Backbone backbone = backboneBuilder.build(root);
      Dataset data = Datasets.open(o.data(), headBuilder.kind(),
          new DatasetOptions(backbone.imageSize(), o.format(), o.policy(),
              NORMALIZATION, true, o.maxImagePixels()));
      List<TaskSample> train = subset(data.train(), o.fraction(), o.seed(), headBuilder.kind());
      TaskHead head = headBuilder.build(root.child("head"), backbone, data.info());
      Run run = new Run(session, backbone, head, data, train, o, listener);
      FinetuneResult result = run.train();
      return robustness == null ? result : run.scoreRobustness(result, robustness);
    }
  }

  /** A seeded subset of {@code fraction} of the samples; per class for classification. */
  static List<TaskSample> subset(List<TaskSample> samples, double fraction, long seed,
      TaskKind kind) {
    if (fraction >= 1) {
      return samples;
    }
    Map<Integer, List<TaskSample>> groups = new TreeMap<>();
    for (TaskSample s : samples) {
      groups.computeIfAbsent(kind == TaskKind.CLASSIFICATION ? s.label() : 0,
          k -> new ArrayList<>()).add(s);
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Integer> keep = new ArrayList<>();
    List<TaskSample> all = new ArrayList<>(samples);
    java.util.IdentityHashMap<TaskSample, Integer> position = new java.util.IdentityHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      position.put(all.get(i), i);
    }
    for (List<TaskSample> g : groups.values()) {
      List<TaskSample> shuffled = new ArrayList<>(g);
      shuffle(shuffled, random);
      int n = Math.max(1, (int) Math.round(fraction * g.size()));
      for (int i = 0; i < n; i++) {
        keep.add(position.get(shuffled.get(i)));
      }
    }
    keep.sort(null);
    List<TaskSample> out = new ArrayList<>();
    for (int i : keep) {
      out.add(all.get(i));
    }
    return out;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  /** Validation metrics of {@code samples} in inference steps of {@code batch}. */
  public static TaskScores evaluate(BackendSession session, TaskHead head, Backbone backbone,
      List<TaskSample> samples, int batch) {
    TaskMetrics metrics = head.newMetrics();
    for (int from = 0; from < samples.size(); from += batch) {
      List<TaskSample> chunk = samples.subList(from, Math.min(samples.size(), from + batch));
      try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
        List<TaskPrediction> predictions = head.predict(step, backbone, chunk);
        for (int i = 0; i < chunk.size(); i++) {
          metrics.add(chunk.get(i), predictions.get(i));
        }
      }
    }
    return metrics.compute();
  }

  /** One training run's state. */
  private static final class Run {
    private final BackendSession session;
    private final Backbone backbone;
    private final TaskHead head;
    private final Dataset data;
    private final List<TaskSample> train;
    private final FinetuneOptions o;
    private final FinetuneListener listener;
    // Two optimizers, so that a backbone frozen for the first epochs (LP-FT) starts its Adam
    // moments and bias correction when it unfreezes, as PyTorch's per-parameter state does.
    private final AdamW headOptimizer;
    private final @Nullable AdamW backboneOptimizer;
    private long backboneUpdates;

    Run(BackendSession session, Backbone backbone, TaskHead head, Dataset data,
        List<TaskSample> train, FinetuneOptions o, FinetuneListener listener) {
      this.session = session;
      this.backbone = backbone;
      this.head = head;
      this.data = data;
      this.train = train;
      this.o = o;
      this.listener = listener;
      for (Parameter p : head.parameters()) {
        p.setTrainable(true);
      }
      AdamW.Settings settings = new AdamW.Settings(0.9f, 0.999f, 1e-8f, o.weightDecay());
      this.headOptimizer = new AdamW(session, head.parameters(), settings);
      // Layer-wise decay: block i of L trains at lr · decay^(L + 1 − i); the head at lr.
      int top = backbone.depth() + 1;
      this.backboneOptimizer = o.linearProbe() ? null : new AdamW(session, backbone.parameters(),
          settings, p -> (float) Math.pow(o.layerDecay(), Math.max(0, top - backbone.layerId(p))));
    }

    /** Whether the backbone trains in this (1-based) epoch. */
    private boolean backboneTrains(int epoch) {
      return backboneOptimizer != null && epoch > o.frozenEpochs();
    }

    FinetuneResult train() {
      int steps = (train.size() + o.batch() - 1) / o.batch();
      long total = (long) steps * o.epochs();
      LrSchedule schedule = new LrSchedule(o.lr(), Math.round(o.warmupRatio() * total), total, 0f);
      Path epochsFile = o.out().resolve(EPOCHS);
      Path checkpoint = o.out().resolve(CHECKPOINT);
      write(epochsFile, "");
      List<EpochRecord> history = new ArrayList<>();
      int bestEpoch = 0;
      TaskScores best = null;
      long step = 0;
      for (int epoch = 1; epoch <= o.epochs(); epoch++) {
        long started = System.nanoTime();
        for (Parameter p : backbone.parameters()) {
          p.setTrainable(backboneTrains(epoch));
        }
        SplittableRandom random = new SplittableRandom(o.seed() * 1_000_003L + epoch);
        List<TaskSample> order = new ArrayList<>(train);
        shuffle(order, random);
        double lossSum = 0;
        float lr = 0;
        for (int from = 0; from < order.size(); from += o.batch()) {
          long stepStarted = System.nanoTime();
          List<TaskSample> batch = new ArrayList<>(order.subList(from,
              Math.min(order.size(), from + o.batch())));
          if (o.augment()) {
            batch.replaceAll(s -> random.nextBoolean() ? s.flipped() : s);
          }
          lr = schedule.at(step);
          double loss = step(batch, lr, step, epoch);
          lossSum += loss;
          step++;
          listener.onStep(new FinetuneStep(epoch, from / o.batch() + 1, steps, step, total,
              loss, lr, batch.size(), (System.nanoTime() - stepStarted) / 1e9,
              System.currentTimeMillis() / 1000.0));
        }
        boolean validate = epoch % o.valEvery() == 0 || epoch == o.epochs();
        TaskScores val = validate ? evaluate(session, head, backbone, data.val(), o.batch()) : null;
        EpochRecord record = new EpochRecord(epoch, lossSum / steps, lr,
            (System.nanoTime() - started) / 1e9, val);
        history.add(record);
        append(epochsFile, epochJson(record));
        if (val != null && (best == null || val.primaryValue() > best.primaryValue())) {
          bestEpoch = epoch;
          best = val;
          saveCheckpoint(checkpoint, epoch, val);
        }
        listener.onEpoch(record);
      }
      Path metrics = o.out().resolve(METRICS);
      write(metrics, metricsJson(bestEpoch, best));
      return new FinetuneResult(o.task(), data.format(), data.info().classes(), bestEpoch,
          best, history, train.size(), data.val().size(), data.skips(), checkpoint, metrics,
          null);
    }

    private double step(List<TaskSample> batch, float lr, long step, int epoch) {
      session.zeroGradients();
      float value;
      try (Step s = session.newStep(StepMode.TRAINING, o.seed() * 7_919L + step)) {
        Tensor loss = head.loss(s, backbone, batch);
        value = s.item(loss);
        if (!Float.isFinite(value)) {
          throw VitpException.userError("Expected a finite training loss. Received: loss=" + value
              + " at epoch " + epoch + ", step " + (step + 1) + " (lower --lr, or check the data)");
        }
        s.backward(loss);
      }
      try (Step s = session.newStep(StepMode.INFERENCE, 0L)) {
        List<OptimizerStep.Part> parts = new ArrayList<>();
        parts.add(new OptimizerStep.Part(headOptimizer, step + 1));
        if (backboneTrains(epoch)) {
          parts.add(new OptimizerStep.Part(backboneOptimizer, ++backboneUpdates));
        }
        OptimizerStep.apply(s, parts, lr, 1f, o.clipNorm(), norm -> VitpException.userError(
            "Expected a finite gradient norm. Received: norm=" + norm + " at epoch " + epoch
                + ", step " + (step + 1) + " (lower --lr, or check the data)"));
      }
      return value;
    }

    /**
     * The best epoch's model (read back from its checkpoint: the last epoch's may be another)
     * scored on the validation set under every corruption and severity of {@code check}.
     */
    FinetuneResult scoreRobustness(FinetuneResult trained, RobustnessCheck check) {
      try (SafeTensorsFile best = SafeTensorsFile.open(trained.checkpoint())) {
        for (Parameter p : backbone.parameters()) {
          p.write(best.floats(p.name()));
        }
        for (Parameter p : head.parameters()) {
          p.write(best.floats(p.name()));
        }
      }
      TaskScores clean = evaluate(session, head, backbone, data.val(), o.batch());
      Map<String, Map<Integer, Double>> scores = new LinkedHashMap<>();
      for (var corruption : check.corruptions().entrySet()) {
        Map<Integer, Double> bySeverity = new LinkedHashMap<>();
        for (int severity : check.severities()) {
          List<TaskSample> corrupted = CorruptedSamples.of(data.val(), corruption.getValue(),
              severity, check.seed(), NORMALIZATION);
          bySeverity.put(severity, evaluate(session, head, backbone, corrupted, o.batch())
              .primaryValue());
        }
        scores.put(corruption.getKey(), bySeverity);
      }
      return new FinetuneResult(trained.task(), trained.format(), trained.classes(),
          trained.bestEpoch(), trained.best(), trained.history(), trained.trainSamples(),
          trained.valSamples(), trained.skips(), trained.checkpoint(), trained.metrics(),
          new RobustnessScores(clean.primary(), clean.primaryValue(), scores));
    }

    private void saveCheckpoint(Path file, int epoch, TaskScores val) {
      Map<String, SafeTensors.FloatTensor> tensors = new LinkedHashMap<>();
      for (Parameter p : backbone.parameters()) {
        tensors.put(p.name(), new SafeTensors.FloatTensor(p.shape(), p.read()));
      }
      for (Parameter p : head.parameters()) {
        tensors.put(p.name(), new SafeTensors.FloatTensor(p.shape(), p.read()));
      }
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("task", o.task());
      meta.put("epoch", Integer.toString(epoch));
      meta.put("format", data.format());
      meta.put(val.primary(), Double.toString(val.primaryValue()));
      try {
        meta.put("classes", JSON.copy().disable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(data.info().classes()));
      } catch (IOException e) {
        throw VitpException.internal("Could not write the class list: " + e);
      }
      SafeTensors.write(file, tensors, meta);
    }

    private String epochJson(EpochRecord r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", r.epoch());
      m.put("wall_time", r.wallTime());
      m.put("train_loss", r.trainLoss());
      m.put("lr", r.lr());
      m.put("seconds", r.seconds());
      if (r.val() != null) {
        m.put("val", r.val().values());
      }
      try {
        return JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m)
            + "\n";
      } catch (IOException e) {
        throw VitpException.internal("Could not write epoch metrics: " + e);
      }
    }

    private String metricsJson(int bestEpoch, TaskScores best) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("task", o.task());
      m.put("backbone", o.backbone());
      m.put("fraction", o.fraction());
      m.put("best_epoch", bestEpoch);
      m.put("val", best.values());
      m.put("val_per_class", best.perClass());
      m.put("primary", best.primary());
      m.put("format", data.format());
      m.put("classes", data.info().classes());
      m.put("linear_probe", o.linearProbe());
      m.put("frozen_epochs", o.linearProbe() ? o.epochs() : o.frozenEpochs());
      m.put("epochs", o.epochs());
      m.put("val_every", o.valEvery());
      m.put("seed", o.seed());
      m.put("train_samples", train.size());
      m.put("val_samples", data.val().size());
      Map<String, Object> skipped = new LinkedHashMap<>();
      skipped.put("count", data.skips().skipped());
      skipped.put("by_reason", data.skips().byReason());
      skipped.put("first", data.skips().examples());
      m.put("skipped", skipped);
      try {
        return JSON.writeValueAsString(m) + "\n";
      } catch (IOException e) {
        throw VitpException.internal("Could not write metrics.json: " + e);
      }
    }
  }

  private static void write(Path file, String text) {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void append(Path file, String line) {
    try {
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable output folder. Received: " + file, e);
    }
  }
}
