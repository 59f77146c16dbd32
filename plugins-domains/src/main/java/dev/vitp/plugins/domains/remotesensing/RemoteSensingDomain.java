package dev.vitp.plugins.domains.remotesensing;

import dev.vitp.plugins.domains.downstream.CocoWriter;
import dev.vitp.plugins.domains.downstream.Detection;
import dev.vitp.plugins.domains.downstream.DotaFormat;
import dev.vitp.plugins.domains.downstream.LabelMaps;
import dev.vitp.plugins.domains.downstream.TaskInfo;
import dev.vitp.plugins.domains.general.GeneralShapes;
import dev.vitp.plugins.domains.image.Normalizations;
import dev.vitp.plugins.domains.synth.GenerationContext;
import dev.vitp.plugins.domains.synth.Images;
import dev.vitp.plugins.domains.synth.Phrases;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Domain;
import dev.vitp.spi.data.DownstreamTask;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.Grounding;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic remote-sensing domain (the embedded default): procedural aerial scenes in optical
 * RGB and speckled single-band SAR, instruction data about them mixed with general data, and
 * downstream sets from disjoint seeds in the real formats.
 */
public final class RemoteSensingDomain implements Domain {
  public static final String NAME = "remote-sensing";

  public static final DownstreamTask SCENES = new DownstreamTask("scene-classification",
      "classification", "class-folders", "10 scene classes, {train,val}/<class>/<id>.png");
  public static final DownstreamTask LAND_COVER = new DownstreamTask("land-cover-segmentation",
      "segmentation", "mask-png", "8 land-cover classes, {train,val}/{images,masks}/<id>.png, "
          + "mask value = class id");
  public static final DownstreamTask DETECTION = new DownstreamTask("object-detection",
      "detection", "dota-txt+coco-json", "5 object classes, horizontal (COCO bbox) and oriented "
          + "(DOTA) boxes, {train,val}/{images,labelTxt}, annotations/instances_<split>.json");
  public static final DownstreamTask SAR_DETECTION = new DownstreamTask("sar-object-detection",
      "detection", "dota-txt+coco-json", "SAR (16-bit single-band TIFF) object detection, same "
          + "layout as object-detection");
  public static final DownstreamTask CHANGE = new DownstreamTask("change-detection",
      "change-detection", "levir-cd", "building change, {train,val}/{A,B,label}/<id>.png, "
          + "label 255 = changed");

  private final RemoteSensingConfig config;

  public RemoteSensingDomain(RemoteSensingConfig config) {
    this.config = config;
  }

  public RemoteSensingDomain() {
    this(RemoteSensingConfig.DEFAULT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Synthetic aerial scenes (optical RGB and SAR) with scene, object, land-cover and "
        + "change labels";
  }

  @Override
  public List<String> modalities() {
    return List.of("optical", "sar");
  }

  @Override
  public ImageNormalization normalization() {
    return Normalizations.REMOTE_SENSING;
  }

  @Override
  public List<DownstreamTask> downstreamTasks() {
    return List.of(SCENES, LAND_COVER, DETECTION, SAR_DETECTION, CHANGE);
  }

  /** Records per dataset of the default recipe for {@code samples} records in all. */
  public Map<String, Integer> counts(int samples) {
    int general = (int) Math.round(samples * config.generalShare());
    int change = (int) Math.round(samples * config.changeShare());
    int sar = (int) Math.round(samples * config.sarShare());
    int optical = Math.max(1, samples - general - change - sar);
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("rs_optical", optical);
    m.put("rs_sar", sar);
    m.put("rs_change", change);
    m.put(GeneralShapes.DATASET, general);
    return m;
  }

  @Override
  public GenerationReport generate(GenerationRequest request) {
    try (GenerationContext ctx = new GenerationContext(request)) {
      int size = request.imageSize();
      Map<String, Integer> counts = counts(request.samples());
      ctx.dataset("rs_optical", counts.get("rs_optical"), item -> sceneRecord(ctx, item, false));
      ctx.dataset("rs_sar", counts.get("rs_sar"), item -> sceneRecord(ctx, item, true));
      ctx.dataset("rs_change", counts.get("rs_change"), item -> changeRecord(ctx, item));
      ctx.dataset(GeneralShapes.DATASET, counts.get(GeneralShapes.DATASET), item -> {
        ctx.imagesWritten(1);
        return GeneralShapes.item(item, size);
      });
      int n = request.downstreamSamples();
      if (n > 0) {
        sceneClassification(ctx, n);
        landCover(ctx, n);
        detection(ctx, n, false);
        detection(ctx, n, true);
        changeDetection(ctx, n);
      }
      return ctx.finish();
    }
  }

  private static String id(String dataset, int i) {
    return dataset + "-" + String.format("%06d", i);
  }

  private static InstructionRecord sceneRecord(GenerationContext ctx, GenerationContext.Item item,
      boolean sar) {
    SplittableRandom r = item.random();
    int size = ctx.size();
    SceneClass cls = SceneClass.values()[r.nextInt(SceneClass.values().length)];
    Scene scene = SceneGenerator.generate(cls, size, r.nextLong());
    SceneRenderer.Look look = SceneRenderer.Look.random(r);
    String rel = "images/" + Images.sharded(item.index()) + (sar ? ".tif" : ".png");
    Path file = item.root().resolve(rel);
    if (sar) {
      Images.writeGray16(file, SceneRenderer.sar(scene, look), size, size);
    } else {
      Images.writeRgb(file, SceneRenderer.optical(scene, look), size, size);
    }
    ctx.imagesWritten(1);
    List<Turn> turns = new ArrayList<>();
    for (RsInstructions.QA qa : RsInstructions.conversation(scene, sar, r)) {
      turns.add(new Turn(Role.HUMAN, (turns.isEmpty() ? "<image>\n" : "") + qa.question()));
      turns.add(new Turn(Role.GPT, qa.answer()));
    }
    return new InstructionRecord(id(sar ? "rs_sar" : "rs_optical", item.index()), List.of(rel),
        turns);
  }

  private static InstructionRecord changeRecord(GenerationContext ctx, GenerationContext.Item item) {
    SplittableRandom r = item.random();
    int size = ctx.size();
    ChangePair p = ChangePair.generate(size, r);
    String stem = "images/" + Images.sharded(item.index());
    Images.writeRgb(item.root().resolve(stem + "_A.png"), p.a(), size, size);
    Images.writeRgb(item.root().resolve(stem + "_B.png"), p.b(), size, size);
    ctx.imagesWritten(2);
    String head = "Image-1: <image>\nImage-2: <image>\n";
    int n = Math.abs(p.built());
    List<Turn> turns = new ArrayList<>();
    // terse answers that only the two images decide: how many, which way, or nothing
    switch (r.nextInt(3)) {
      case 0 -> {
        turns.add(new Turn(Role.HUMAN, head + Phrases.pick(r,
            "How many buildings changed between the two dates?",
            "How many buildings were built or demolished between the two images?")));
        turns.add(new Turn(Role.GPT, Integer.toString(n)));
      }
      case 1 -> {
        turns.add(new Turn(Role.HUMAN, head + Phrases.pick(r,
            "Were buildings built or demolished between the two dates?",
            "Did the buildings change? Answer built, demolished or neither.")));
        turns.add(new Turn(Role.GPT, n == 0 ? "neither" : p.built() > 0 ? "built" : "demolished"));
      }
      default -> {
        turns.add(new Turn(Role.HUMAN, head + Phrases.pick(r,
            "What changed between the two dates?",
            "Compare the two images. What changed?")));
        turns.add(new Turn(Role.GPT, n == 0 ? "Nothing."
            : p.built() > 0 ? Phrases.count(n, "building", "buildings", false) + " built."
            : Phrases.count(n, "building", "buildings", false) + " demolished."));
      }
    }
    if (n == 1 && r.nextBoolean()) {
      Scene withBuildings = p.built() > 0 ? p.sceneB() : p.sceneA();
      Scene without = p.built() > 0 ? p.sceneA() : p.sceneB();
      List<BoundingBox> boxes = new ArrayList<>();
      withBuildings.objects().stream().skip(without.objects().size())
          .sorted(Comparator.comparingInt(SceneObject::y1).thenComparingInt(SceneObject::x1))
          .forEach(o -> boxes.add(o.box(size)));
      String ref = p.built() > 0 ? "the new building" : "the demolished building";
      turns.add(new Turn(Role.HUMAN, "Box of <ref>" + ref + "</ref>?"));
      turns.add(new Turn(Role.GPT, Grounding.format(ref, boxes)));
    }
    return new InstructionRecord(id("rs_change", item.index()),
        List.of(stem + "_A.png", stem + "_B.png"), turns);
  }

  // ---- downstream ------------------------------------------------------------------------------

  private static final String[] SPLITS = {"train", "val"};

  private static String file(int i) {
    return String.format("%05d", i);
  }

  private void sceneClassification(GenerationContext ctx, int n) {
    Path dir = ctx.downstream(SCENES.name());
    int size = ctx.size();
    int[] split = GenerationContext.split(n);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int s = 0; s < 2; s++) {
      String name = SPLITS[s];
      ctx.items(SCENES.name() + "/" + name, split[s], (i, r) -> {
        SceneClass cls = SceneClass.values()[i % SceneClass.values().length];
        Scene scene = SceneGenerator.generate(cls, size, r.nextLong());
        Images.writeRgb(dir.resolve(name).resolve(cls.folder()).resolve(file(i) + ".png"),
            SceneRenderer.optical(scene, SceneRenderer.Look.random(r)), size, size);
        ctx.imagesWritten(1);
        return i;
      }, i -> { });
      counts.put(name, split[s]);
    }
    TaskInfo.write(dir, SCENES, SceneClass.folders(), counts, "{split}/{class}/{id}.png");
  }

  private void landCover(GenerationContext ctx, int n) {
    Path dir = ctx.downstream(LAND_COVER.name());
    int size = ctx.size();
    int[] split = GenerationContext.split(n);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int s = 0; s < 2; s++) {
      String name = SPLITS[s];
      ctx.items(LAND_COVER.name() + "/" + name, split[s], (i, r) -> {
        SceneClass cls = SceneClass.values()[r.nextInt(SceneClass.values().length)];
        Scene scene = SceneGenerator.generate(cls, size, r.nextLong());
        Images.writeRgb(dir.resolve(name).resolve("images").resolve(file(i) + ".png"),
            SceneRenderer.optical(scene, SceneRenderer.Look.random(r)), size, size);
        LabelMaps.write(dir.resolve(name).resolve("masks").resolve(file(i) + ".png"), scene.mask(),
            size, size);
        ctx.imagesWritten(2);
        return i;
      }, i -> { });
      counts.put(name, split[s]);
    }
    TaskInfo.write(dir, LAND_COVER, LandCover.labels(), counts,
        "{split}/images/{id}.png, {split}/masks/{id}.png");
  }

  private static final SceneClass[] OBJECT_SCENES = {SceneClass.AIRPORT, SceneClass.HARBOR,
    SceneClass.INDUSTRIAL, SceneClass.RESIDENTIAL, SceneClass.HIGHWAY};

  private void detection(GenerationContext ctx, int n, boolean sar) {
    DownstreamTask task = sar ? SAR_DETECTION : DETECTION;
    Path dir = ctx.downstream(task.name());
    int size = ctx.size();
    int[] split = GenerationContext.split(n);
    Map<String, Integer> counts = new LinkedHashMap<>();
    String ext = sar ? ".tif" : ".png";
    for (int s = 0; s < 2; s++) {
      String name = SPLITS[s];
      CocoWriter coco = new CocoWriter(ObjectType.names(), "vitp synthetic " + task.name());
      ctx.items(task.name() + "/" + name, split[s], (i, r) -> {
        SceneClass cls = r.nextDouble() < 0.8 ? Phrases.pick(r, OBJECT_SCENES)
            : SceneClass.values()[r.nextInt(SceneClass.values().length)];
        Scene scene = SceneGenerator.generate(cls, size, r.nextLong());
        SceneRenderer.Look look = SceneRenderer.Look.random(r);
        Path img = dir.resolve(name).resolve("images").resolve(file(i) + ext);
        if (sar) {
          Images.writeGray16(img, SceneRenderer.sar(scene, look), size, size);
        } else {
          Images.writeRgb(img, SceneRenderer.optical(scene, look), size, size);
        }
        List<Detection> dets = new ArrayList<>();
        scene.objects().forEach(o -> dets.add(o.detection()));
        DotaFormat.write(dir.resolve(name).resolve("labelTxt").resolve(file(i) + ".txt"), dets);
        ctx.imagesWritten(1);
        return Map.entry(file(i) + ext, dets);
      }, e -> coco.add(e.getKey(), size, size, e.getValue()));
      coco.write(dir.resolve("annotations").resolve("instances_" + name + ".json"));
      counts.put(name, split[s]);
    }
    TaskInfo.write(dir, task, ObjectType.names(), counts, "{split}/images/{id}" + ext
        + ", {split}/labelTxt/{id}.txt (DOTA), annotations/instances_{split}.json (COCO, "
        + "file_name relative to {split}/images)");
  }

  private void changeDetection(GenerationContext ctx, int n) {
    Path dir = ctx.downstream(CHANGE.name());
    int size = ctx.size();
    int[] split = GenerationContext.split(n);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int s = 0; s < 2; s++) {
      String name = SPLITS[s];
      ctx.items(CHANGE.name() + "/" + name, split[s], (i, r) -> {
        ChangePair p = ChangePair.generate(size, r);
        Path d = dir.resolve(name);
        Images.writeRgb(d.resolve("A").resolve(file(i) + ".png"), p.a(), size, size);
        Images.writeRgb(d.resolve("B").resolve(file(i) + ".png"), p.b(), size, size);
        LabelMaps.write(d.resolve("label").resolve(file(i) + ".png"), p.change(), size, size);
        ctx.imagesWritten(3);
        return i;
      }, i -> { });
      counts.put(name, split[s]);
    }
    TaskInfo.write(dir, CHANGE, List.of("unchanged", "changed"), counts,
        "{split}/A/{id}.png, {split}/B/{id}.png, {split}/label/{id}.png (0 or 255)");
  }
}
