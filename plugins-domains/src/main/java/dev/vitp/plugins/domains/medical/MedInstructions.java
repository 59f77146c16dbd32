package dev.vitp.plugins.domains.medical;

import static dev.vitp.plugins.domains.synth.Phrases.capitalize;
import static dev.vitp.plugins.domains.synth.Phrases.pick;

import dev.vitp.plugins.domains.synth.Phrases;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Questions and answers about medical slices, derived from the phantoms' label maps: organ
 * identification, lesion presence and location (with boxes), counting, captions and modality.
 */
final class MedInstructions {
  record QA(String question, String answer) {}

  private static final int MIN_ORGAN = 8;
  private static final int MIN_LESION = 3;

  private MedInstructions() {}

  // ---- CT --------------------------------------------------------------------------------------

  /** Organ labels per pixel with lesions given back to the organ they lie in. */
  static int[] organMap(Slice s, CtPhantom p) {
    int[] m = new int[s.labels().length];
    for (int i = 0; i < m.length; i++) {
      int id = s.lesionIds()[i];
      m[i] = id > 0 ? p.organOfLesion(id - 1) : s.labels()[i];
    }
    return m;
  }

  static List<String> ctOrgans(int[] organs) {
    int[] n = new int[CtPhantom.LABELS.size()];
    for (int l : organs) {
      n[l]++;
    }
    List<String> out = new ArrayList<>();
    for (int l = CtPhantom.LIVER; l <= CtPhantom.AORTA; l++) {
      if (n[l] >= MIN_ORGAN) {
        out.add(CtPhantom.LABELS.get(l));
      }
    }
    return out;
  }

  static List<QA> ct(Slice s, CtPhantom p, List<Integer> lesionIndex, SplittableRandom r) {
    List<QA> out = new ArrayList<>();
    int[] organMap = organMap(s, p);
    List<String> organs = ctOrgans(organMap);
    List<int[]> boxes = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (int k : lesionIndex) {
      int[] b = s.bounds(s.lesionIds(), k + 1, MIN_LESION);
      if (b != null) {
        boxes.add(b);
        where.add(CtPhantom.LABELS.get(p.organOfLesion(k)));
      }
    }
    int turns = 1 + r.nextInt(3);
    List<Integer> used = new ArrayList<>();
    for (int attempt = 0; attempt < 20 && out.size() < turns; attempt++) {
      int task = r.nextInt(7);
      if (used.contains(task)) {
        continue;
      }
      @Nullable QA qa = switch (task) {
        case 0 -> new QA(pick(r, "Which organs are visible in this CT slice?",
            "List the organs you can identify in this image.",
            "What anatomical structures are shown?"),
            organs.isEmpty() ? "No abdominal organs are visible." : capitalize(Phrases.list(organs)) + ".");
        case 1 -> new QA(pick(r, "Is there a lesion in this slice?", "Do you see any lesion?",
            "Are there abnormal findings?"), boxes.isEmpty() ? "No lesion is visible."
            : "Yes, " + (boxes.size() == 1 ? "a hypodense lesion in the " + where.get(0)
                : Phrases.count(boxes.size(), "lesion", "lesions", true) + " in the "
                    + Phrases.list(distinct(where))) + ".");
        case 2 -> new QA(pick(r, "How many lesions are visible?", "Count the lesions in this slice."),
            Integer.toString(boxes.size()));
        case 3 -> boxes.isEmpty() ? null : new QA(pick(r, "Locate the lesions in this CT slice.",
            "Give the bounding boxes of all lesions."), Grounding.format("lesion", toBoxes(s, boxes)));
        case 4 -> boxes.size() != 1 ? null : new QA("Which organ contains the lesion?",
            capitalize("the " + where.get(0)) + ".");
        case 5 -> {
          int[] b = s.bounds(organMap, CtPhantom.LIVER, MIN_ORGAN);
          yield b == null ? null : new QA("Where is the liver? Answer with a bounding box.",
              Grounding.format("liver", List.of(s.box(b))));
        }
        default -> new QA(pick(r, "Describe this image.", "Write a short report of this slice."),
            "Axial CT slice of the abdomen" + (organs.isEmpty() ? "." : " showing the "
                + Phrases.list(organs) + ".") + (boxes.isEmpty() ? " No lesion is seen."
                : " " + capitalize(Phrases.count(boxes.size(), "hypodense lesion is",
                    "hypodense lesions are", true)) + " seen in the "
                    + Phrases.list(distinct(where)) + "."));
      };
      if (qa != null) {
        used.add(task);
        out.add(qa);
      }
    }
    if (r.nextDouble() < 0.1) {
      out.add(new QA("What imaging modality is this?", "Computed tomography (CT)."));
    }
    return out;
  }

  // ---- X-ray -----------------------------------------------------------------------------------

  static List<QA> xray(Slice s, XrayPhantom p, SplittableRandom r) {
    List<int[]> boxes = new ArrayList<>();
    List<String> side = new ArrayList<>();
    for (int k = 0; ; k++) {
      boolean any = false;
      for (int v : s.lesionIds()) {
        if (v == k + 1) {
          any = true;
          break;
        }
      }
      if (!any) {
        break;
      }
      int[] b = s.bounds(s.lesionIds(), k + 1, MIN_LESION);
      if (b != null) {
        boxes.add(b);
        side.add(p.lesionInRightLung(k) ? "right lung" : "left lung");
      }
    }
    List<QA> out = new ArrayList<>();
    int turns = 1 + r.nextInt(3);
    List<Integer> used = new ArrayList<>();
    for (int attempt = 0; attempt < 20 && out.size() < turns; attempt++) {
      int task = r.nextInt(6);
      if (used.contains(task)) {
        continue;
      }
      @Nullable QA qa = switch (task) {
        case 0 -> new QA(pick(r, "Is there an opacity in the lungs?",
            "Does this chest X-ray show any consolidation?", "Are the lungs clear?"),
            boxes.isEmpty() ? "No, the lungs are clear." : "Yes, " + Phrases.count(boxes.size(),
                "opacity is", "opacities are", true) + " visible.");
        case 1 -> new QA("How many opacities are there?", Integer.toString(boxes.size()));
        case 2 -> boxes.isEmpty() ? null : new QA(pick(r, "Locate the opacities.",
            "Give the bounding boxes of the lesions in the lungs."),
            Grounding.format("opacity", toBoxes(s, boxes)));
        case 3 -> boxes.isEmpty() ? null : new QA("Which lung is affected?",
            capitalize(Phrases.list(distinct(side)).replace("right lung and left lung", "both lungs")
                .replace("left lung and right lung", "both lungs")) + ".");
        case 4 -> {
          int[] b = s.labelBounds(XrayPhantom.HEART, MIN_ORGAN);
          yield b == null ? null : new QA("Where is the heart? Give its bounding box.",
              Grounding.format("heart", List.of(s.box(b))));
        }
        default -> new QA(pick(r, "Describe this image.", "Write a short report."),
            "Frontal chest X-ray." + (boxes.isEmpty() ? " The lungs are clear."
                : " " + capitalize(Phrases.count(boxes.size(), "opacity", "opacities", true))
                    + " in the " + Phrases.list(distinct(side)) + "."));
      };
      if (qa != null) {
        used.add(task);
        out.add(qa);
      }
    }
    if (r.nextDouble() < 0.1) {
      out.add(new QA("What imaging modality is this?", "Chest radiography (X-ray)."));
    }
    return out;
  }

  // ---- MRI -------------------------------------------------------------------------------------

  static List<QA> mri(Slice s, MriPhantom p, SplittableRandom r) {
    int edema = s.pixels(MriPhantom.EDEMA);
    int[] b = s.bounds(s.lesionIds(), 1, MIN_LESION);
    boolean visible = b != null;
    List<QA> out = new ArrayList<>();
    out.add(new QA(pick(r, "These are T1- and T2-weighted MRI slices of the brain. Is there a tumor?",
        "Image-1 is T1-weighted and Image-2 is T2-weighted. Do you see a tumor?"),
        !visible ? "No tumor is visible in these slices."
            : "Yes, a tumor" + (edema > 0 ? " with surrounding edema" : "") + " in the "
                + (p.tumorOnRight() ? "right" : "left") + " hemisphere."));
    if (visible && r.nextBoolean()) {
      out.add(new QA("Give the bounding box of the tumor including the edema.",
          Grounding.format("tumor", List.of(s.box(b)))));
    }
    if (visible && edema > 0 && r.nextDouble() < 0.3) {
      out.add(new QA("In which sequence does the edema appear bright?",
          "In the T2-weighted image (Image-2)."));
    }
    if (r.nextDouble() < 0.15) {
      out.add(new QA("Which structures appear bright on the T2-weighted image?",
          "The cerebrospinal fluid in the ventricles" + (visible ? " and the tumor region." : ".")));
    }
    if (r.nextDouble() < 0.1) {
      out.add(new QA("What imaging modality is this?", "Magnetic resonance imaging (MRI)."));
    }
    return out;
  }

  private static List<BoundingBox> toBoxes(Slice s, List<int[]> boxes) {
    List<BoundingBox> l = new ArrayList<>();
    boxes.stream().sorted(java.util.Comparator.comparingInt((int[] b) -> b[1])
        .thenComparingInt(b -> b[0])).forEach(b -> l.add(s.box(b)));
    return l;
  }

  private static List<String> distinct(List<String> l) {
    List<String> d = new ArrayList<>();
    for (String s : l) {
      if (!d.contains(s)) {
        d.add(s);
      }
    }
    return d;
  }
}
