package dev.vitp.plugins.tasks.finetune;

import dev.vitp.plugins.tasks.data.BadFile;
import dev.vitp.plugins.tasks.data.SceneFiles;
import dev.vitp.plugins.tasks.heads.DetectionHeadConfig;
import dev.vitp.plugins.tasks.heads.Heads;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.task.Prediction;
import dev.vitp.spi.task.PredictionJob;
import dev.vitp.spi.task.Shard;
import dev.vitp.spi.task.SkippedFiles;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskHead;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.Resampler;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The supervised recipe's prediction: the fine-tuned model loaded as {@link Evaluator} loads it
 * (same head build, same strict weights), run on unlabelled images, large scenes in overlapping
 * tiles, outputs written by {@link PredictionFiles}.
 *
 * <p>An image no larger than a tile on both sides is one model input, resized as the dataset
 * readers resize it, so its prediction is the one {@code vitp evaluate} scores. A larger scene is
 * cut into tiles of {@code tile × tile} pixels (fewer along a side shorter than a tile) every
 * {@code tile · (1 − overlap)} pixels, the last tile flush with the far edge (mmsegmentation's
 * slide inference, the DOTA devkit's split). Each tile is resized to the model's input.
 * Segmentation and change detection: each tile's logits are upsampled to the tile's pixels and
 * arg-maxed, and a scene pixel takes the class of the tile whose centre is nearest to it (the
 * centre-crop rule: every pixel is decided where it has the most context; no averaging of
 * logits across tiles). Detection: every tile's boxes are mapped to scene pixels and merged by
 * class-wise NMS (polygon IoU for oriented boxes) at the detection head's default IoU, as the
 * DOTA devkit merges its patches. Classification never tiles: one label per image.
 */
public final class Predictor {
  private Predictor() {}

  /** Predicts {@code job.images()} with inference steps of at most {@code batch} tiles. */
  public static Prediction predict(PredictionJob job, int batch) {
    Backend backend = job.backend();
    backend.requireCapability(Capability.INFERENCE, "prediction");
    if (!Files.isDirectory(job.images())) {
      throw VitpException.userError("Expected --images to name a folder of images. Received: "
          + job.images() + (Files.exists(job.images()) ? " (not a folder)" : " (does not exist)"));
    }
    TaskKind kind = job.head().kind();
    try (BackendSession session = backend.newSession(job.seed());
        SafeTensorsFile file = SafeTensorsFile.open(job.weights())) {
      ParameterScope root = ParameterScope.root(session, job.seed());
      Backbone backbone = job.backbone().build(root);
      List<String> classes = Evaluator.savedClasses(file);
      if (classes == null) {
        throw VitpException.userError("Expected the class list in the metadata of the weights "
            + "(vitp finetune records it). Received: none in " + job.weights());
      }
      String format = file.metadata().getOrDefault("format", job.data().format());
      TaskInfo info = new TaskInfo(kind, classes, SceneFiles.orientedFormat(format));
      TaskHead head = Evaluator.buildAndLoad(root, backbone, job.head(), info, file,
          job.headName());
      int size = backbone.imageSize();
      int tile = job.tile() == 0 ? size : job.tile();
      SkipLog<String> skips = SkipLog.ofFiles(job.onBadFile());
      // Every shard lists the same folder; the first reports what the listing noticed.
      Shard shard = job.shard();
      SkipLog<String> listingSkips = shard.first() ? skips : SkipLog.ofFiles(job.onBadFile());
      PredictionFiles out = new PredictionFiles(job.out(), job.images(), kind, info,
          SceneFiles.palette(job.data().path(), format, classes.size()));
      Scenes scenes = new Scenes(session, backbone, head, size, tile, job.overlap(),
          Math.max(1, batch), info.oriented());
      int images = 0;
      if (kind == TaskKind.CHANGE_DETECTION) {
        for (SceneFiles.Pair pair : shard.of(SceneFiles.pairs(job.images(), listingSkips))) {
          DecodedImage a;
          DecodedImage b;
          try {
            a = SceneFiles.decode(pair.a(), job.maxImagePixels());
            b = SceneFiles.decode(pair.b(), job.maxImagePixels());
            if (a.width() != b.width() || a.height() != b.height()) {
              throw new BadFile(pair.b(), BadFile.SIZE_MISMATCH, "date B is " + b.width() + "x"
                  + b.height() + ", date A " + a.width() + "x" + a.height());
            }
          } catch (BadFile e) {
            e.skipIn(skips);
            continue;
          }
          out.change(pair.a(), a, b, scenes.dense(List.of(a, b)));
          images++;
        }
      } else {
        for (Path image : shard.of(SceneFiles.images(job.images()))) {
          DecodedImage img;
          try {
            img = SceneFiles.decode(image, job.maxImagePixels());
          } catch (BadFile e) {
            e.skipIn(skips);
            continue;
          }
          switch (kind) {
            case CLASSIFICATION -> out.label(image, img, scenes.label(img));
            case SEGMENTATION -> out.mask(image, img, scenes.dense(List.of(img)));
            case DETECTION -> out.boxes(image, img, scenes.boxes(img));
            default -> throw VitpException.internal("Unexpected task kind " + kind);
          }
          images++;
        }
      }
      // A part of a larger job may hold nothing; its caller checks the whole.
      if (images == 0 && shard.count() == 1) {
        throw VitpException.userError("Expected at least one image to predict. Received: none "
            + "usable under " + job.images()
                + (skips.skippedCount() > 0 ? "; " + SkippedFiles.of(skips).report() : ""));
      }
      return new Prediction(job.headName(), classes, images, scenes.tiles, tile, job.overlap(),
          out.finish(), SkippedFiles.of(skips));
    }
  }

  /** Tile starts along one side of {@code length} pixels, the last flush with the far edge. */
  static int[] starts(int length, int tile, int stride) {
    if (length <= tile) {
      return new int[] {0};
    }
    List<Integer> s = new ArrayList<>();
    for (int p = 0; ; p += stride) {
      if (p + tile >= length) {
        s.add(length - tile);
        break;
      }
      s.add(p);
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  /** For each pixel along a side, the tile (index into {@code starts}) whose centre is nearest. */
  static int[] nearestCentre(int length, int[] starts, int extent) {
    int[] owner = new int[length];
    for (int x = 0; x < length; x++) {
      double best = Double.MAX_VALUE;
      for (int i = 0; i < starts.length; i++) {
        double d = Math.abs(x + 0.5 - (starts[i] + extent / 2.0));
        if (d < best) {
          best = d;
          owner[x] = i;
        }
      }
    }
    return owner;
  }

  /** Runs the model on scenes, tile by tile. */
  private static final class Scenes {
    private final BackendSession session;
    private final Backbone backbone;
    private final TaskHead head;
    private final int size;
    private final int tile;
    private final int stride;
    private final int batch;
    private final boolean oriented;
    long tiles;

    Scenes(BackendSession session, Backbone backbone, TaskHead head, int size, int tile,
        double overlap, int batch, boolean oriented) {
      this.session = session;
      this.backbone = backbone;
      this.head = head;
      this.size = size;
      this.tile = tile;
      this.stride = Math.max(1, (int) Math.round(tile * (1 - overlap)));
      this.batch = batch;
      this.oriented = oriented;
    }

    /** One tile: its crop of the scene and the model input made of it. */
    private record Tile(int x, int y, int w, int h, TaskSample sample) {}

    private List<Tile> cut(List<DecodedImage> dates, boolean dense) {
      DecodedImage first = dates.get(0);
      int w = first.width();
      int h = first.height();
      int tw = Math.min(tile, w);
      int th = Math.min(tile, h);
      List<Tile> out = new ArrayList<>();
      for (int y : starts(h, tile, stride)) {
        for (int x : starts(w, tile, stride)) {
          List<float[]> planes = new ArrayList<>();
          for (DecodedImage d : dates) {
            float[] p = new float[3 * size * size];
            Resampler.resizeNormalize(d, x, y, tw, th, false, size, Finetuner.NORMALIZATION, p,
                0);
            planes.add(p);
          }
          // A dense head predicts at the resolution of fullMask: the tile's own pixels.
          LabelImage at = dense ? new LabelImage(tw, th, false, new int[tw * th]) : null;
          out.add(new Tile(x, y, tw, th, new TaskSample("tile", size, planes, -1, null,
              List.of(), tw, th, at)));
        }
      }
      return out;
    }

    private List<TaskPrediction> run(List<Tile> cut) {
      List<TaskPrediction> out = new ArrayList<>();
      for (int from = 0; from < cut.size(); from += batch) {
        List<TaskSample> chunk = new ArrayList<>();
        for (Tile t : cut.subList(from, Math.min(cut.size(), from + batch))) {
          chunk.add(t.sample());
        }
        try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
          out.addAll(head.predict(step, backbone, chunk));
        }
      }
      tiles += cut.size();
      return out;
    }

    TaskPrediction label(DecodedImage image) {
      float[] p = new float[3 * size * size];
      Resampler.resizeNormalize(image, 0, 0, image.width(), image.height(), false, size,
          Finetuner.NORMALIZATION, p, 0);
      TaskSample s = new TaskSample("image", size, List.of(p), -1, null, List.of(),
          image.width(), image.height(), null);
      tiles++;
      try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
        return head.predict(step, backbone, List.of(s)).get(0);
      }
    }

    /** Class ids of every scene pixel, row-major. */
    LabelImage dense(List<DecodedImage> dates) {
      DecodedImage first = dates.get(0);
      int w = first.width();
      int h = first.height();
      List<Tile> cut = cut(dates, true);
      List<TaskPrediction> predictions = run(cut);
      if (cut.size() == 1) {
        return java.util.Objects.requireNonNull(predictions.get(0).mask());
      }
      int[] xs = starts(w, tile, stride);
      int[] ys = starts(h, tile, stride);
      int[] ownerX = nearestCentre(w, xs, Math.min(tile, w));
      int[] ownerY = nearestCentre(h, ys, Math.min(tile, h));
      int[] ids = new int[w * h];
      for (int i = 0; i < cut.size(); i++) {
        Tile t = cut.get(i);
        int tx = i % xs.length;
        int ty = i / xs.length;
        int[] m = java.util.Objects.requireNonNull(predictions.get(i).mask()).values();
        for (int y = 0; y < t.h(); y++) {
          if (ownerY[t.y() + y] != ty) {
            continue;
          }
          for (int x = 0; x < t.w(); x++) {
            if (ownerX[t.x() + x] == tx) {
              ids[(t.y() + y) * w + t.x() + x] = m[y * t.w() + x];
            }
          }
        }
      }
      return new LabelImage(w, h, false, ids);
    }

    /** Scored boxes in scene pixels. */
    List<TaskBox> boxes(DecodedImage image) {
      List<Tile> cut = cut(List.of(image), false);
      List<TaskPrediction> predictions = run(cut);
      List<TaskBox> all = new ArrayList<>();
      for (int i = 0; i < cut.size(); i++) {
        Tile t = cut.get(i);
        // Scaled as DetectionMetrics scales a sample's boxes, then moved to the tile's place.
        float sx = t.sample().scaleX();
        float sy = t.sample().scaleY();
        for (TaskBox b : predictions.get(i).boxes()) {
          all.add(moved(b.scaled(sx, sy), t.x(), t.y()));
        }
      }
      if (cut.size() == 1) {
        return all;
      }
      all.sort(Comparator.comparingDouble(TaskBox::score).reversed());
      return Heads.nms(all, new DetectionHeadConfig().nmsIou(), oriented);
    }

    private static TaskBox moved(TaskBox b, float dx, float dy) {
      if (dx == 0 && dy == 0) {
        return b;
      }
      float[] p = b.polygon();
      if (p != null) {
        for (int i = 0; i < 8; i += 2) {
          p[i] += dx;
          p[i + 1] += dy;
        }
      }
      return new TaskBox(b.cls(), b.x1() + dx, b.y1() + dy, b.x2() + dx, b.y2() + dy, b.score(),
          p, b.difficult());
    }
  }
}
