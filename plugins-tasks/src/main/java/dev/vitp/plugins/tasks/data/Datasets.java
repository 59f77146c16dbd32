package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.io.ImageLimits;
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
    DatasetFormat format = pick(train, kind, options.format());
    // A named benchmark format keeps its class list; a detected one defers to the data's own
    // class file (the synthetic generators' task.json names their classes).
    boolean named = options.format() != null;
    ClassFile classFile = format.classes() == null || !named ? ClassFile.read(data) : null;
    if (format instanceof MaskFolders m && format.classes() == null && classFile != null
        && (classFile.palette() != null || classFile.reduceZeroLabel())) {
      format = m.withCoding(new MaskCoding(classFile.reduceZeroLabel()
          ? MaskCoding.Kind.REDUCE_ZERO_LABEL : MaskCoding.Kind.IDS, classFile.palette()));
    }
    SkipLog skips = new SkipLog(options.policy());
    List<Item> trainItems = format.scan(train, skips);
    List<Item> valItems = format.scan(val, skips);
    List<String> classes = classes(format, classFile, train, trainItems, valItems);
    Map<String, Integer> index = new HashMap<>();
    if (classes != null) {
      for (int i = 0; i < classes.size(); i++) {
        index.putIfAbsent(classes.get(i), i);
      }
      for (int i = 0; i < classes.size(); i++) {
        index.putIfAbsent(Item.normalise(classes.get(i)), i);
      }
    }
    List<TaskSample> trainSamples = load(trainItems, train, "train", options, index, false, skips);
    List<TaskSample> valSamples = load(valItems, val, "val", options,
        index, options.keepFullMasks(), skips);
    if (classes == null) {
      classes = classesFromMasks(trainSamples, valSamples);
    } else if (kind == TaskKind.SEGMENTATION || kind == TaskKind.CHANGE_DETECTION) {
      trainSamples = checkMaskIds(trainSamples, classes.size(), skips);
      valSamples = checkMaskIds(valSamples, classes.size(), skips);
    }
    for (var split : List.of(Map.entry("train", trainSamples), Map.entry("val", valSamples))) {
      if (split.getValue().isEmpty()) {
        throw VitpException.userError("Expected at least one usable " + split.getKey()
            + " sample in format " + format.name() + ". Received: none under "
            + data.resolve(split.getKey()) + "; " + skips.report());
      }
    }
    return new Dataset(format.name(), new TaskInfo(kind, classes, format.oriented()),
        trainSamples, valSamples, skips.summary());
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
      @Nullable ClassFile classFile, Path train, List<Item> trainItems, List<Item> valItems) {
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
    for (List<Item> items : List.of(trainItems, valItems)) {
      for (Item i : items) {
        names.addAll(i.classNames());
      }
    }
    return names.isEmpty() ? null : List.copyOf(names);
  }

  private static List<TaskSample> load(List<Item> items, Path split, String prefix,
      DatasetOptions options, Map<String, Integer> index, boolean keepFull, SkipLog skips) {
    List<TaskSample> out = new ArrayList<>();
    for (Item item : items) {
      String id = prefix + "/" + split.relativize(item.file()).toString().replace('\\', '/');
      try {
        out.addAll(item.load(new Item.Context(options, index, keepFull, id)));
      } catch (BadFile e) {
        skips.bad(e);
      } catch (OutOfMemoryError e) {
        // What the item allocated is unreachable now: skip it (named) and go on.
        skips.bad(item.file(), BadFile.TOO_LARGE, "ran out of memory while loading it in a "
            + ImageLimits.heap() + " heap");
      } catch (VitpException e) {
        if (e.code() != ErrorCode.USER_ERROR) {
          throw e;
        }
        skips.bad(item.file(), BadFile.BAD_ANNOTATION, String.valueOf(e.getMessage()));
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
      SkipLog skips) {
    List<TaskSample> out = new ArrayList<>(samples.size());
    for (TaskSample s : samples) {
      int bad = firstBad(s.mask(), classes);
      if (bad < 0 && s.fullMask() != null) {
        bad = firstBad(s.fullMask().values(), classes);
      }
      if (bad >= 0) {
        skips.bad(Path.of(s.id()), BadFile.BAD_ANNOTATION, "mask value " + bad + " is not a class"
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
