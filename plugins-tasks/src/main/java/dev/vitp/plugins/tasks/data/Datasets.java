package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.task.SkippedFiles;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Opens a downstream dataset: a folder with {@code train/} and {@code val/} in any supported
 * layout, detected from the files or named with {@link DatasetOptions#format()}. Every image is
 * decoded once, resized to the backbone's input and kept in memory; bad files go to the {@link
 * SkipLog} under the options' policy.
 */
public final class Datasets {
  private Datasets() {}

  /** Fresh format instances, in auto-detection order per kind. */
  static List<DatasetFormat> all() {
    List<DatasetFormat> f = new ArrayList<>();
    f.add(new ClassFolders());
    f.add(new NiftiSlices("brats", NiftiSlices.BRATS, true));
    f.add(new NiftiSlices("nifti", null, false));
    f.add(new NiftiSlices("amos", NiftiSlices.AMOS, false));
    f.add(new MaskFolders("loveda", "Urban|Rural/images_png + masks_png (LoveDA, "
        + "reduce_zero_label, 7 classes)", new MaskCoding(MaskCoding.Kind.REDUCE_ZERO_LABEL, null),
        List.of("background", "building", "road", "water", "barren", "forest", "agricultural"),
        null, Set.of("masks_png")));
    f.add(new MaskFolders("covidqu", "images + infection masks (CovidQU-Ex X-ray; binary 0/255)",
        new MaskCoding(MaskCoding.Kind.BINARY, null), List.of("background", "infection"),
        "infection masks", Set.of("infection masks", "lung masks")));
    f.add(new MaskFolders("mask-png", "images/ + masks/ with class ids, palette indices or a "
        + "colour table (classes.json)", MaskCoding.ids(), null, null, null));
    f.add(new MaskFolders("isaid", "images/ + masks/ with iSAID class ids (16 classes)",
        MaskCoding.ids(), List.of("background", "ship", "storage_tank", "baseball_diamond",
            "tennis_court", "basketball_court", "ground_track_field", "bridge", "large_vehicle",
            "small_vehicle", "helicopter", "swimming_pool", "roundabout", "soccer_ball_field",
            "plane", "harbor"), null, Set.of()));
    f.add(new MaskFolders("uavid", "seq*/Images + seq*/Labels, UAVid colour-coded labels "
        + "(8 classes)", new MaskCoding(MaskCoding.Kind.IDS,
            MaskCoding.table(MaskCoding.UAVID_COLOURS)), List.of("clutter", "building", "road",
            "tree", "low vegetation", "moving car", "static car", "human"), null, Set.of()));
    f.add(new CocoJson(TaskKind.SEGMENTATION));
    f.add(new ChangeFolders("change-detection", "A/ B/ label/ or Image1/ Image2/ label/",
        List.of(new String[] {"a", "b", "label", "labels"},
            new String[] {"image1", "image2", "label", "labels"}), true));
    f.add(new ChangeFolders("levir-cd", "A/ B/ label/ (LEVIR-CD)",
        List.<String[]>of(new String[] {"a", "b", "label"}), false));
    f.add(new ChangeFolders("whu-cd", "A/ B/ label/ (WHU-CD)",
        List.<String[]>of(new String[] {"a", "b", "label"}), false));
    f.add(new ChangeFolders("s2looking", "Image1/ Image2/ label/ (S2Looking)",
        List.<String[]>of(new String[] {"image1", "image2", "label"}), false));
    f.add(new DotaText("dota", null));
    f.add(new DotaText("dota-v1", DotaText.DOTA_V1));
    f.add(new DotaText("dota-v2", DotaText.DOTA_V2));
    f.add(new VocXml("dior", false, null));
    f.add(new VocXml("dior-r", true, null));
    f.add(new CocoJson(TaskKind.DETECTION));
    return f;
  }

  /** Format names and descriptions for a kind of task. */
  public static Map<String, String> formats(TaskKind kind) {
    Map<String, String> out = new LinkedHashMap<>();
    for (DatasetFormat f : all()) {
      if (f.kind() == kind) {
        out.put(f.name(), f.description());
      }
    }
    return out;
  }

  public static Dataset open(Path data, TaskKind kind, DatasetOptions options) {
    Path train = data.resolve("train");
    Path val = data.resolve("val");
    if (!Files.isDirectory(train) || !Files.isDirectory(val)) {
      throw VitpException.userError("Expected a dataset folder with train/ and val/. Received: "
          + data + (Files.isDirectory(data) ? " with " + listing(data) : " (no such folder)"));
    }
    Scanned s = scan(data, kind, options, List.of("train", "val"));
    List<TaskSample> trainSamples = load(s.items().get("train"), train, "train", options,
        s.index(), false, s.skips());
    List<TaskSample> valSamples = load(s.items().get("val"), val, "val", options,
        s.index(), options.keepFullMasks(), s.skips());
    List<String> classes = s.classes();
    if (classes == null) {
      classes = classesFromMasks(trainSamples, valSamples);
    } else if (kind == TaskKind.SEGMENTATION || kind == TaskKind.CHANGE_DETECTION) {
      trainSamples = checkMaskIds(trainSamples, classes.size(), s.skips());
      valSamples = checkMaskIds(valSamples, classes.size(), s.skips());
    }
    for (var split : List.of(Map.entry("train", trainSamples), Map.entry("val", valSamples))) {
      if (split.getValue().isEmpty()) {
        throw VitpException.userError("Expected at least one usable " + split.getKey()
            + " sample in format " + s.format().name() + ". Received: none under "
            + data.resolve(split.getKey()) + "; " + SkippedFiles.of(s.skips()).report());
      }
    }
    return new Dataset(s.format().name(), new TaskInfo(kind, classes, s.format().oriented()),
        trainSamples, valSamples, SkippedFiles.of(s.skips()));
  }

  /**
   * One split of a dataset read into memory for evaluation (full-resolution masks kept), with
   * the class list {@link #open} gives the same folder, so that class ids mean what they meant
   * to a model fine-tuned on it. {@code train/} and {@code val/}, where present, are listed (not
   * loaded) for that; a split without {@code train/} beside it takes its classes from itself.
   */
  public static SplitData openSplit(Path data, String split, TaskKind kind,
      DatasetOptions options) {
    Path dir = data.resolve(split);
    if (split.isBlank() || !Files.isDirectory(dir)) {
      throw VitpException.userError("Expected a dataset folder with " + split + "/. Received: "
          + data + (Files.isDirectory(data) ? " with " + listing(data) : " (no such folder)"));
    }
    List<String> splits = new ArrayList<>();
    for (String name : List.of("train", "val")) {
      if (Files.isDirectory(data.resolve(name))) {
        splits.add(name);
      }
    }
    if (!splits.contains(split)) {
      splits.add(split);
    }
    Scanned s = scan(data, kind, options, splits);
    List<TaskSample> samples = load(s.items().get(split), dir, split, options, s.index(),
        options.keepFullMasks(), s.skips());
    List<String> classes = s.classes();
    if (classes == null) {
      // as open() does, from the largest mask value of both splits
      List<TaskSample> train = split.equals("train") || !splits.contains("train") ? List.of()
          : load(s.items().get("train"), data.resolve("train"), "train", options, s.index(),
              false, SkipLog.ofFiles(options.policy()));
      classes = classesFromMasks(train, samples);
    } else if (kind == TaskKind.SEGMENTATION || kind == TaskKind.CHANGE_DETECTION) {
      samples = checkMaskIds(samples, classes.size(), s.skips());
    }
    if (samples.isEmpty()) {
      throw VitpException.userError("Expected at least one usable " + split + " sample in format "
          + s.format().name() + ". Received: none under " + dir
              + "; " + SkippedFiles.of(s.skips()).report());
    }
    return new SplitData(s.format().name(), new TaskInfo(kind, classes, s.format().oriented()),
        samples, SkippedFiles.of(s.skips()));
  }

  /**
   * The truth boxes of one detection split in the original images' pixels, without decoding an
   * image, for scoring predictions made elsewhere. Classes as {@link #open} decides them, except
   * that a split without {@code train/} beside it takes them from itself.
   */
  public static GroundTruth groundTruth(Path data, String split, @Nullable String format,
      BadRecordPolicy policy) {
    Path dir = data.resolve(split);
    if (split.isBlank() || !Files.isDirectory(dir)) {
      throw VitpException.userError("Expected a dataset folder with " + split + "/. Received: "
          + data + (Files.isDirectory(data) ? " with " + listing(data) : " (no such folder)"));
    }
    List<String> splits = new ArrayList<>();
    if (Files.isDirectory(data.resolve("train")) && !split.equals("train")) {
      splits.add("train");
    }
    splits.add(split);
    DatasetOptions options = DatasetOptions.of(1).withFormat(format).withPolicy(policy);
    Scanned s = scan(data, TaskKind.DETECTION, options, splits);
    List<String> classes = s.classes();
    if (classes == null) {
      throw VitpException.userError("Expected class names in " + data + ". Received: none (no "
          + "annotated object and no classes.json)");
    }
    List<GroundTruth.Image> images = new ArrayList<>();
    for (Item item : s.items().get(split)) {
      if (!(item instanceof BoxEntry entry)) {
        throw VitpException.internal("Expected box entries from detection format "
            + s.format().name() + ". Received: " + item.getClass().getName());
      }
      Item.Context context = new Item.Context(options, s.index(), false, split);
      try {
        List<dev.vitp.spi.task.TaskBox> boxes = new ArrayList<>();
        for (BoxEntry.NamedBox b : entry.boxes()) {
          boxes.add(b.toBox(context.classId(entry.annotation(), b.name())));
        }
        images.add(new GroundTruth.Image(entry.file(), boxes));
      } catch (BadFile e) {
        e.skipIn(s.skips());
      } catch (VitpException e) {
        if (e.code() != ErrorCode.USER_ERROR) {
          throw e;
        }
        s.skips().skip(String.valueOf(entry.annotation()), BadFile.BAD_ANNOTATION,
            String.valueOf(e.getMessage()));
      }
    }
    Map<Long, Path> cocoImages = null;
    Map<Long, String> cocoCategories = null;
    if (s.format() instanceof CocoJson coco) {
      CocoJson.Ids ids = coco.ids(dir);
      cocoImages = ids.images();
      cocoCategories = ids.categories();
    }
    return new GroundTruth(s.format().name(), classes, s.format().oriented(), images,
        cocoImages, cocoCategories, SkippedFiles.of(s.skips()));
  }

  /** A dataset's format, class list and listed entries per split, nothing loaded yet. */
  private record Scanned(DatasetFormat format, SkipLog<String> skips, Map<String, List<Item>> items,
      @Nullable List<String> classes, Map<String, Integer> index) {}

  /** Picks the format on the first split, lists {@code splits} and decides the classes. */
  private static Scanned scan(Path data, TaskKind kind, DatasetOptions options,
      List<String> splits) {
    Path first = data.resolve(splits.get(0));
    DatasetFormat format = pick(first, kind, options.format());
    // A named benchmark format keeps its class list; a detected one defers to the data's own
    // class file (the synthetic generators' task.json names their classes).
    boolean named = options.format() != null;
    ClassFile classFile = format.classes() == null || !named ? ClassFile.read(data) : null;
    if (format instanceof MaskFolders m && format.classes() == null && classFile != null
        && (classFile.palette() != null || classFile.reduceZeroLabel())) {
      format = m.withCoding(new MaskCoding(classFile.reduceZeroLabel()
          ? MaskCoding.Kind.REDUCE_ZERO_LABEL : MaskCoding.Kind.IDS, classFile.palette()));
    }
    SkipLog<String> skips = SkipLog.ofFiles(options.policy());
    Map<String, List<Item>> items = new LinkedHashMap<>();
    for (String split : splits) {
      items.put(split, format.scan(data.resolve(split), skips));
    }
    List<String> classes = classes(format, classFile, first, List.copyOf(items.values()));
    Map<String, Integer> index = new HashMap<>();
    if (classes != null) {
      for (int i = 0; i < classes.size(); i++) {
        index.putIfAbsent(classes.get(i), i);
      }
      for (int i = 0; i < classes.size(); i++) {
        index.putIfAbsent(Item.normalise(classes.get(i)), i);
      }
    }
    return new Scanned(format, skips, items, classes, index);
  }

  private static DatasetFormat pick(Path train, TaskKind kind, @Nullable String name) {
    List<DatasetFormat> candidates = all().stream().filter(f -> f.kind() == kind).toList();
    if (name != null) {
      for (DatasetFormat f : candidates) {
        if (f.name().equals(name)) {
          if (!f.detect(train)) {
            throw VitpException.userError("Expected " + train + " in format " + name + ": "
                + f.description() + ". Received: " + listing(train));
          }
          return f;
        }
      }
      throw VitpException.userError("Unknown " + kind.id() + " dataset format [" + name
          + "]; known options " + candidates.stream().map(DatasetFormat::name).toList());
    }
    for (DatasetFormat f : candidates) {
      if (f.autoDetect(train)) {
        return f;
      }
    }
    StringBuilder known = new StringBuilder();
    for (DatasetFormat f : candidates) {
      known.append("\n  ").append(f.name()).append(": ").append(f.description());
    }
    throw VitpException.userError("Expected " + train + " in a " + kind.id()
        + " dataset layout. Received: " + listing(train) + ". Known layouts:" + known);
  }

  private static @Nullable List<String> classes(DatasetFormat format,
      @Nullable ClassFile classFile, Path train, List<List<Item>> splits) {
    if (classFile != null) {
      return classFile.classes();
    }
    if (format.classes() != null) {
      return format.classes();
    }
    List<String> declared = format.declaredClasses(train);
    if (declared != null) {
      return declared;
    }
    TreeSet<String> names = new TreeSet<>();
    for (List<Item> items : splits) {
      for (Item i : items) {
        names.addAll(i.classNames());
      }
    }
    return names.isEmpty() ? null : List.copyOf(names);
  }

  private static List<TaskSample> load(List<Item> items, Path split, String prefix,
      DatasetOptions options, Map<String, Integer> index, boolean keepFull, SkipLog<String> skips) {
    List<TaskSample> out = new ArrayList<>();
    for (Item item : items) {
      String id = prefix + "/" + split.relativize(item.file()).toString().replace('\\', '/');
      try {
        out.addAll(item.load(new Item.Context(options, index, keepFull, id)));
      } catch (BadFile e) {
        e.skipIn(skips);
      } catch (OutOfMemoryError e) {
        // What the item allocated is unreachable now: skip it (named) and go on.
        skips.skip(String.valueOf(item.file()), BadFile.TOO_LARGE,
            "ran out of memory while loading it in a "
            + ImageLimits.heap() + " heap");
      } catch (VitpException e) {
        if (e.code() != ErrorCode.USER_ERROR) {
          throw e;
        }
        skips.skip(String.valueOf(item.file()), BadFile.BAD_ANNOTATION,
            String.valueOf(e.getMessage()));
      }
    }
    return out;
  }

  private static List<String> classesFromMasks(List<TaskSample> train, List<TaskSample> val) {
    int max = 1;
    for (List<TaskSample> split : List.of(train, val)) {
      for (TaskSample s : split) {
        int[] mask = s.mask();
        if (mask != null) {
          for (int v : mask) {
            if (v != TaskSample.IGNORE) {
              max = Math.max(max, v);
            }
          }
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c <= max; c++) {
      names.add("class_" + c);
    }
    return names;
  }

  private static List<TaskSample> checkMaskIds(List<TaskSample> samples, int classes,
      SkipLog<String> skips) {
    List<TaskSample> out = new ArrayList<>(samples.size());
    for (TaskSample s : samples) {
      int bad = firstBad(s.mask(), classes);
      if (bad < 0 && s.fullMask() != null) {
        bad = firstBad(s.fullMask().values(), classes);
      }
      if (bad >= 0) {
        skips.skip(s.id(), BadFile.BAD_ANNOTATION, "mask value " + bad + " is not a class"
            + " id in [0, " + classes + ") nor the ignore index 255");
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static int firstBad(int @Nullable [] mask, int classes) {
    if (mask != null) {
      for (int v : mask) {
        if ((v < 0 || v >= classes) && v != TaskSample.IGNORE) {
          return v;
        }
      }
    }
    return -1;
  }

  private static String listing(Path dir) {
    List<String> names = new ArrayList<>();
    for (Path p : Pixels.folders(dir)) {
      names.add(p.getFileName() + "/");
    }
    for (Path p : Pixels.files(dir)) {
      names.add(p.getFileName().toString());
    }
    if (names.size() > 12) {
      int more = names.size() - 12;
      names = new ArrayList<>(names.subList(0, 12));
      names.add("… " + more + " more");
    }
    return names.isEmpty() ? "an empty folder" : String.join(", ", names);
  }
}
