package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.Nifti;
import dev.vitp.toolkit.image.NiftiVolume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * 3-D medical segmentation volumes in NIfTI-1, sliced axially into 2-D samples. Two layouts:
 * image/label folders paired by file name (AMOS: {@code imagesTr/amos_0001.nii.gz} with {@code
 * labelsTr/amos_0001.nii.gz}), or one folder per case with a file per modality (BraTS: {@code
 * BraTS2021_00000/BraTS2021_00000_{flair,t1,t1ce,t2,seg}.nii.gz}; FLAIR, T1ce and T2 become the three
 * channels). Intensities are clipped to each volume's 0.5–99.5th percentiles and scaled to [0, 1].
 * Every slice with foreground is kept, and every {@value #EMPTY_STRIDE}th slice without.
 */
final class NiftiSlices implements DatasetFormat {
  static final int EMPTY_STRIDE = 8;
  static final List<String> AMOS = List.of("background", "spleen", "right kidney", "left kidney",
      "gallbladder", "esophagus", "liver", "stomach", "aorta", "postcava", "pancreas",
      "right adrenal gland", "left adrenal gland", "duodenum", "bladder", "prostate/uterus");
  static final List<String> BRATS = List.of("background", "necrotic tumor core",
      "peritumoral edema", "enhancing tumor");
  private static final Set<String> IMAGE_DIRS = Set.of("images", "imagestr", "image", "imgs",
      "volumes");
  private static final Set<String> LABEL_DIRS = Set.of("labels", "labelstr", "label", "masks",
      "segmentations");
  private static final List<String> BRATS_CHANNELS = List.of("flair", "t1ce", "t2", "t1");

  private final String name;
  private final @Nullable List<String> classes;
  private final boolean brats;

  NiftiSlices(String name, @Nullable List<String> classes, boolean brats) {
    this.name = name;
    this.classes = classes;
    this.brats = brats;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TaskKind kind() {
    return TaskKind.SEGMENTATION;
  }

  @Override
  public String description() {
    return brats ? "split/<case>/<case>_{flair,t1ce,t2,seg}.nii.gz (BraTS; label 4 → 3)"
        : "split/images(Tr)/*.nii.gz + split/labels(Tr)/*.nii.gz (AMOS style), axial slices";
  }

  @Override
  public @Nullable List<String> classes() {
    return classes;
  }

  static boolean isNifti(Path p) {
    String e = Pixels.extension(p);
    return e.equals("nii") || e.equals("nii.gz");
  }

  private @Nullable Path[] pairFolders(Path split) {
    Path images = null;
    Path labels = null;
    for (Path d : Pixels.folders(split)) {
      String n = d.getFileName().toString().toLowerCase(Locale.ROOT);
      if (IMAGE_DIRS.contains(n)) {
        images = d;
      } else if (LABEL_DIRS.contains(n)) {
        labels = d;
      }
    }
    if (images == null || labels == null
        || Pixels.files(images).stream().noneMatch(NiftiSlices::isNifti)) {
      return null;
    }
    return new Path[] {images, labels};
  }

  private static List<Path> caseFolders(Path split) {
    List<Path> out = new ArrayList<>();
    for (Path d : Pixels.folders(split)) {
      if (Pixels.files(d).stream().anyMatch(f -> isNifti(f) && modality(f).equals("seg"))) {
        out.add(d);
      }
    }
    return out;
  }

  private static String modality(Path f) {
    String stem = Pixels.stem(f).toLowerCase(Locale.ROOT);
    int u = stem.lastIndexOf('_');
    return u < 0 ? stem : stem.substring(u + 1);
  }

  @Override
  public boolean autoDetect(Path split) {
    return (brats || classes == null) && detect(split);
  }

  @Override
  public boolean detect(Path split) {
    return brats ? !caseFolders(split).isEmpty() : pairFolders(split) != null;
  }

  @Override
  public List<Item> scan(Path split, SkipLog<String> skips) {
    List<Item> items = new ArrayList<>();
    if (brats) {
      for (Path dir : caseFolders(split)) {
        Map<String, Path> byModality = new HashMap<>();
        for (Path f : Pixels.files(dir)) {
          if (isNifti(f)) {
            byModality.put(modality(f), f);
          }
        }
        List<Path> channels = new ArrayList<>();
        for (String m : BRATS_CHANNELS) {
          if (byModality.containsKey(m) && channels.size() < 3) {
            channels.add(byModality.get(m));
          }
        }
        if (channels.isEmpty()) {
          skips.skip(String.valueOf(byModality.get("seg")), BadFile.UNPAIRED,
              "no flair/t1ce/t2/t1 volume beside it");
        } else {
          items.add(new Volume(channels, byModality.get("seg"), true));
        }
      }
      return items;
    }
    Path[] f = pairFolders(split);
    if (f == null) {
      return items;
    }
    Map<String, Path> labels = new HashMap<>();
    for (Path l : Pixels.files(f[1])) {
      if (isNifti(l)) {
        labels.put(Pixels.stem(l), l);
      }
    }
    for (Path img : Pixels.files(f[0])) {
      if (!isNifti(img)) {
        continue;
      }
      // nnU-Net names channels case_0000.nii.gz; its label is case.nii.gz.
      String stem = Pixels.stem(img);
      Path label = labels.get(stem);
      if (label == null && stem.matches(".*_\\d{4}")) {
        label = labels.get(stem.substring(0, stem.length() - 5));
      }
      if (label == null) {
        skips.skip(String.valueOf(img), BadFile.UNPAIRED,
            "no label volume named like it in " + f[1]);
      } else {
        items.add(new Volume(List.of(img), label, false));
      }
    }
    return items;
  }

  private record Volume(List<Path> channels, Path label, boolean brats) implements Item {
    @Override
    public Path file() {
      return channels.get(0);
    }

    @Override
    public List<String> classNames() {
      return List.of();
    }

    private static NiftiVolume read(Path file, long maxVoxels) {
      try {
        return Nifti.read(file, maxVoxels);
      } catch (VitpException e) {
        throw Pixels.bad(file, e);
      }
    }

    @Override
    public List<TaskSample> load(Context c) {
      NiftiVolume seg = read(label, c.maxPixels());
      int nx = seg.header().nx();
      int ny = seg.header().ny();
      int nz = seg.header().nz();
      int n = nx * ny;
      List<float[]> planes = new ArrayList<>();
      for (Path ch : channels) {
        NiftiVolume v = read(ch, c.maxPixels());
        if (v.header().nx() != nx || v.header().ny() != ny || v.header().nz() != nz) {
          throw new BadFile(ch, BadFile.SIZE_MISMATCH, "volume " + v.header().nx() + "x"
              + v.header().ny() + "x" + v.header().nz() + ", label " + nx + "x" + ny + "x" + nz);
        }
        planes.add(windowed(v, n * nz));
      }
      int bands = planes.size() == 1 ? 1 : 3;
      List<TaskSample> out = new ArrayList<>();
      int empty = 0;
      for (int z = 0; z < nz; z++) {
        int[] ids = new int[n];
        boolean foreground = false;
        float[] s = seg.slice(z);
        for (int i = 0; i < n; i++) {
          int v = Math.round(s[i]);
          ids[i] = brats && v == 4 ? 3 : v;
          foreground |= ids[i] > 0 && ids[i] != TaskSample.IGNORE;
        }
        if (!foreground && empty++ % EMPTY_STRIDE != 0) {
          continue;
        }
        float[] data = new float[bands * n];
        for (int b = 0; b < bands; b++) {
          float[] p = planes.get(Math.min(b, planes.size() - 1));
          System.arraycopy(p, z * n, data, b * n, n);
        }
        DecodedImage img = new DecodedImage(nx, ny, bands, 32, true, data);
        Context slice = new Context(c.options(), c.classIndex(), c.keepFull(), c.id() + "#" + z);
        out.add(MaskFolders.Entry.segmentationSample(slice, img, ids));
      }
      if (out.isEmpty()) {
        throw new BadFile(label, BadFile.EMPTY_VOLUME, nz + " slices");
      }
      return out;
    }

    /** Scaled voxel values clipped to the 0.5–99.5th percentiles, mapped to [0, 1]. */
    private static float[] windowed(NiftiVolume v, int count) {
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = v.value(i);
      }
      float[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      float lo = sorted[(int) Math.floor(0.005 * (count - 1))];
      float hi = sorted[(int) Math.ceil(0.995 * (count - 1))];
      float range = hi > lo ? hi - lo : 1;
      for (int i = 0; i < count; i++) {
        values[i] = Math.min(1f, Math.max(0f, (values[i] - lo) / range));
      }
      return values;
    }
  }

}
