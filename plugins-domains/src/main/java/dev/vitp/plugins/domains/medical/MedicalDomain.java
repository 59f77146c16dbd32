package dev.vitp.plugins.domains.medical;

import dev.vitp.plugins.domains.downstream.LabelMaps;
import dev.vitp.plugins.domains.downstream.TaskInfo;
import dev.vitp.plugins.domains.general.GeneralShapes;
import dev.vitp.plugins.domains.image.Normalizations;
import dev.vitp.plugins.domains.synth.GenerationContext;
import dev.vitp.plugins.domains.synth.Images;
import dev.vitp.spi.data.Domain;
import dev.vitp.spi.data.DownstreamTask;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import dev.vitp.toolkit.image.Nifti;
import dev.vitp.toolkit.image.NiftiDataType;
import dev.vitp.toolkit.image.NiftiHeader;
import dev.vitp.toolkit.image.NiftiVolume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic medical domain: CT-like abdomen slices (16-bit PNG, HU + 1024), chest X-ray-like
 * images (8-bit PNG) and two-contrast brain MRI-like slices (16-bit PNG pairs), with instruction
 * data mixed with general data, and downstream segmentation sets: CT volumes and BraTS-like MRI
 * volumes as NIfTI, X-ray images with mask PNGs.
 */
public final class MedicalDomain implements Domain {
  public static final String NAME = "medical";
  /** Slices per generated volume. */
  public static final int SLICES = 16;

  public static final DownstreamTask CT_SEG = new DownstreamTask("ct-organ-segmentation",
      "segmentation", "nifti", "abdominal organs and lesions (9 labels), "
          + "{train,val}/{images,labels}/case_<id>.nii.gz, int16 HU / uint8 labels");
  public static final DownstreamTask XRAY_SEG = new DownstreamTask("xray-segmentation",
      "segmentation", "mask-png", "lungs, heart and opacities (4 labels), "
          + "{train,val}/{images,masks}/<id>.png");
  public static final DownstreamTask MRI_SEG = new DownstreamTask("mri-tumor-segmentation",
      "segmentation", "nifti", "BraTS-like tumour core and oedema (3 labels), "
          + "{train,val}/<case>/<case>_{t1,t2,seg}.nii.gz");

  private final MedicalConfig config;

  public MedicalDomain(MedicalConfig config) {
    this.config = config;
  }

  public MedicalDomain() {
    this(MedicalConfig.DEFAULT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Synthetic CT, chest X-ray and two-contrast brain MRI with organ and lesion masks";
  }

  @Override
  public List<String> modalities() {
    return List.of("ct", "xray", "mri");
  }

  @Override
  public ImageNormalization normalization() {
    return Normalizations.MEDICAL;
  }

  @Override
  public List<DownstreamTask> downstreamTasks() {
    return List.of(CT_SEG, XRAY_SEG, MRI_SEG);
  }

  /** Records per dataset of the default recipe for {@code samples} records in all. */
  public Map<String, Integer> counts(int samples) {
    int general = (int) Math.round(samples * config.generalShare());
    int xray = (int) Math.round(samples * config.xrayShare());
    int mri = (int) Math.round(samples * config.mriShare());
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("med_ct", Math.max(1, samples - general - xray - mri));
    m.put("med_xray", xray);
    m.put("med_mri", mri);
    m.put(GeneralShapes.DATASET, general);
    return m;
  }

  @Override
  public GenerationReport generate(GenerationRequest request) {
    try (GenerationContext ctx = new GenerationContext(request)) {
      Map<String, Integer> counts = counts(request.samples());
      ctx.dataset("med_ct", counts.get("med_ct"), item -> ctRecord(ctx, item));
      ctx.dataset("med_xray", counts.get("med_xray"), item -> xrayRecord(ctx, item));
      ctx.dataset("med_mri", counts.get("med_mri"), item -> mriRecord(ctx, item));
      ctx.dataset(GeneralShapes.DATASET, counts.get(GeneralShapes.DATASET), item -> {
        ctx.imagesWritten(1);
        return GeneralShapes.item(item, request.imageSize());
      });
      int n = request.downstreamSamples();
      if (n > 0) {
        ctSegmentation(ctx, volumeCases(n));
        xraySegmentation(ctx, n);
        mriSegmentation(ctx, volumeCases(n));
      }
      return ctx.finish();
    }
  }

  /** Volumes per volumetric task: each volume holds {@link #SLICES} slices. */
  public static int volumeCases(int downstreamSamples) {
    return Math.max(2, (downstreamSamples + 7) / 8);
  }

  private static String id(String dataset, int i) {
    return dataset + "-" + String.format("%06d", i);
  }

  /** CT values as stored in 16-bit PNG: HU + 1024, clamped to 0..65535. */
  static short[] ctPng(float[] hu) {
    short[] out = new short[hu.length];
    for (int i = 0; i < hu.length; i++) {
      out[i] = (short) Math.max(0, Math.min(65535, Math.round(hu[i] + 1024)));
    }
    return out;
  }

  private static short[] unit16(float[] v) {
    short[] out = new short[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Images.q16(v[i]);
    }
    return out;
  }

  private static byte[] unit8(float[] v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Images.q8(v[i]);
    }
    return out;
  }

  private static List<Turn> turns(String prefix, List<MedInstructions.QA> qas) {
    List<Turn> turns = new ArrayList<>();
    for (MedInstructions.QA qa : qas) {
      turns.add(new Turn(Role.HUMAN, (turns.isEmpty() ? prefix : "") + qa.question()));
      turns.add(new Turn(Role.GPT, qa.answer()));
    }
    return turns;
  }

  private static InstructionRecord ctRecord(GenerationContext ctx, GenerationContext.Item item) {
    SplittableRandom r = item.random();
    int size = ctx.size();
    CtPhantom p = new CtPhantom(r);
    double z = -0.85 + 1.8 * r.nextDouble();
    Slice s = p.slice(size, z, 0);
    String rel = "images/" + Images.sharded(item.index()) + ".png";
    Images.writeGray16(item.root().resolve(rel), ctPng(s.values()), size, size);
    ctx.imagesWritten(1);
    List<Integer> lesions = new ArrayList<>();
    for (int k = 0; k < p.lesionCount(); k++) {
      lesions.add(k);
    }
    return new InstructionRecord(id("med_ct", item.index()), List.of(rel),
        turns("<image>\n", MedInstructions.ct(s, p, lesions, r)));
  }

  private static InstructionRecord xrayRecord(GenerationContext ctx, GenerationContext.Item item) {
    SplittableRandom r = item.random();
    int size = ctx.size();
    XrayPhantom p = new XrayPhantom(r);
    Slice s = p.render(size);
    String rel = "images/" + Images.sharded(item.index()) + ".png";
    Images.writeGray8(item.root().resolve(rel), unit8(s.values()), size, size);
    ctx.imagesWritten(1);
    return new InstructionRecord(id("med_xray", item.index()), List.of(rel),
        turns("<image>\n", MedInstructions.xray(s, p, r)));
  }

  private static InstructionRecord mriRecord(GenerationContext ctx, GenerationContext.Item item) {
    SplittableRandom r = item.random();
    int size = ctx.size();
    MriPhantom p = new MriPhantom(r);
    double z = (r.nextDouble() - 0.5) * 1.2;
    Slice s = p.slice(size, z, 0);
    String stem = "images/" + Images.sharded(item.index());
    Images.writeGray16(item.root().resolve(stem + "_t1.png"), unit16(s.values()), size, size);
    Images.writeGray16(item.root().resolve(stem + "_t2.png"), unit16(s.values2()), size, size);
    ctx.imagesWritten(2);
    return new InstructionRecord(id("med_mri", item.index()),
        List.of(stem + "_t1.png", stem + "_t2.png"),
        turns("Image-1: <image>\nImage-2: <image>\n", MedInstructions.mri(s, p, r)));
  }

  // ---- downstream ------------------------------------------------------------------------------

  private static final String[] SPLITS = {"train", "val"};

  private static double sliceZ(int k) {
    return -1 + (k + 0.5) * 2.0 / SLICES;
  }

  private static String caseId(int i) {
    return String.format("case_%04d", i);
  }

  private void ctSegmentation(GenerationContext ctx, int cases) {
    Path dir = ctx.downstream(CT_SEG.name());
    int size = ctx.size();
    int[] split = GenerationContext.split(cases);
    Map<String, Integer> counts = new LinkedHashMap<>();
    float dxy = 400f / size;
    for (int sp = 0; sp < 2; sp++) {
      String name = SPLITS[sp];
      ctx.items(CT_SEG.name() + "/" + name, split[sp], (i, r) -> {
        CtPhantom p = new CtPhantom(r);
        float[] hu = new float[size * size * SLICES];
        float[] lab = new float[size * size * SLICES];
        for (int k = 0; k < SLICES; k++) {
          Slice s = p.slice(size, sliceZ(k), k);
          System.arraycopy(s.values(), 0, hu, k * size * size, size * size);
          for (int j = 0; j < size * size; j++) {
            lab[k * size * size + j] = s.labels()[j];
          }
        }
        NiftiHeader h = NiftiHeader.of(NiftiDataType.INT16, size, size, SLICES, dxy, dxy, 5f)
            .withDescrip("vitp synthetic CT");
        Nifti.write(dir.resolve(name).resolve("images").resolve(caseId(i) + ".nii.gz"),
            new NiftiVolume(h, hu));
        Nifti.write(dir.resolve(name).resolve("labels").resolve(caseId(i) + ".nii.gz"),
            new NiftiVolume(h.withDatatype(NiftiDataType.UINT8).withDescrip("vitp labels"), lab));
        ctx.imagesWritten(2);
        return i;
      }, i -> { });
      counts.put(name, split[sp]);
    }
    TaskInfo.write(dir, CT_SEG, CtPhantom.LABELS, counts,
        "{split}/images/case_{id}.nii.gz (int16 HU), {split}/labels/case_{id}.nii.gz (uint8)");
  }

  private void xraySegmentation(GenerationContext ctx, int n) {
    Path dir = ctx.downstream(XRAY_SEG.name());
    int size = ctx.size();
    int[] split = GenerationContext.split(n);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int sp = 0; sp < 2; sp++) {
      String name = SPLITS[sp];
      ctx.items(XRAY_SEG.name() + "/" + name, split[sp], (i, r) -> {
        Slice s = new XrayPhantom(r).render(size);
        String f = String.format("%05d.png", i);
        Images.writeGray8(dir.resolve(name).resolve("images").resolve(f), unit8(s.values()), size,
            size);
        LabelMaps.write(dir.resolve(name).resolve("masks").resolve(f), s.labels(), size, size);
        ctx.imagesWritten(2);
        return i;
      }, i -> { });
      counts.put(name, split[sp]);
    }
    TaskInfo.write(dir, XRAY_SEG, XrayPhantom.LABELS, counts,
        "{split}/images/{id}.png, {split}/masks/{id}.png (class ids)");
  }

  private void mriSegmentation(GenerationContext ctx, int cases) {
    Path dir = ctx.downstream(MRI_SEG.name());
    int size = ctx.size();
    int[] split = GenerationContext.split(cases);
    Map<String, Integer> counts = new LinkedHashMap<>();
    float dxy = 240f / size;
    for (int sp = 0; sp < 2; sp++) {
      String name = SPLITS[sp];
      ctx.items(MRI_SEG.name() + "/" + name, split[sp], (i, r) -> {
        MriPhantom p = new MriPhantom(r);
        int n = size * size;
        float[] t1 = new float[n * SLICES];
        float[] t2 = new float[n * SLICES];
        float[] seg = new float[n * SLICES];
        for (int k = 0; k < SLICES; k++) {
          Slice s = p.slice(size, sliceZ(k), k);
          System.arraycopy(s.values(), 0, t1, k * n, n);
          System.arraycopy(s.values2(), 0, t2, k * n, n);
          for (int j = 0; j < n; j++) {
            seg[k * n + j] = s.labels()[j];
          }
        }
        String c = caseId(i);
        Path d = dir.resolve(name).resolve(c);
        NiftiHeader h = NiftiHeader.of(NiftiDataType.FLOAT32, size, size, SLICES, dxy, dxy, 6f);
        Nifti.write(d.resolve(c + "_t1.nii.gz"), new NiftiVolume(h.withDescrip("vitp T1"), t1));
        Nifti.write(d.resolve(c + "_t2.nii.gz"), new NiftiVolume(h.withDescrip("vitp T2"), t2));
        Nifti.write(d.resolve(c + "_seg.nii.gz"), new NiftiVolume(
            h.withDatatype(NiftiDataType.UINT8).withDescrip("vitp tumor labels"), seg));
        ctx.imagesWritten(3);
        return i;
      }, i -> { });
      counts.put(name, split[sp]);
    }
    TaskInfo.write(dir, MRI_SEG, MriPhantom.LABELS, counts,
        "{split}/{case}/{case}_t1.nii.gz, _t2.nii.gz (float32), _seg.nii.gz (uint8)");
  }
}
