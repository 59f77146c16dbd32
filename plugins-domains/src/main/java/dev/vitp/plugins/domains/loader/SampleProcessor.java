package dev.vitp.plugins.domains.loader;

import dev.vitp.plugins.domains.image.ImageRef;
import dev.vitp.plugins.domains.instruct.Augmentation;
import dev.vitp.plugins.domains.instruct.ParsedRecord;
import dev.vitp.plugins.domains.instruct.RecordImages;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import dev.vitp.spi.data.GroundingRef;
import dev.vitp.spi.data.ImageInfo;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.SampleMeta;
import dev.vitp.spi.data.Turn;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.Resampler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Decodes a validated record's images, applies box-consistent augmentation, resizes and
 * normalises. A pure function of the record, the position's random stream and the settings.
 */
final class SampleProcessor {
  private static final Pattern DIRECTION = Pattern.compile(
      "\\b(left|right|leftmost|rightmost|east|west|eastern|western)\\b", Pattern.CASE_INSENSITIVE);

  private final int size;
  private final ImageNormalization norm;
  private final Augmentation aug;
  private final long maxImagePixels;

  SampleProcessor(int size, ImageNormalization norm, Augmentation aug, long maxImagePixels) {
    this.size = size;
    this.norm = norm;
    this.aug = aug;
    this.maxImagePixels = maxImagePixels;
  }

  Sample process(ParsedRecord pr, long position, SplittableRandom rng) {
    List<ImageRef> refs = pr.images();
    DecodedImage[] imgs = RecordImages.decode(pr, maxImagePixels);
    // Draw the same random numbers whatever is decided, so decisions stay independent.
    double flipDraw = rng.nextDouble();
    double cropDraw = rng.nextDouble();
    double scaleDraw = rng.nextDouble();
    double xDraw = rng.nextDouble();
    double yDraw = rng.nextDouble();
    boolean single = imgs.length == 1;
    boolean flip = single && flipDraw < aug.hflip() && !mentionsDirection(pr.record());
    int[] crop = {0, 0, single ? imgs[0].width() : 0, single ? imgs[0].height() : 0};
    boolean cropped = single && pr.hasBoxes() && cropDraw < aug.crop()
        && chooseCrop(imgs[0], pr.grounding(), scaleDraw, xDraw, yDraw, crop);

    InstructionRecord record = pr.record();
    List<GroundingRef> grounding = pr.grounding();
    if (flip || cropped) {
      int w = imgs[0].width();
      int h = imgs[0].height();
      UnaryOperator<BoundingBox> t = b -> {
        BoundingBox r = b;
        if (cropped) {
          double[] e = b.toPixelEdges(w, h);
          r = BoundingBox.fromPixelEdges(e[0] - crop[0], e[1] - crop[1], e[2] - crop[0],
              e[3] - crop[1], crop[2], crop[3]);
        }
        return flip ? r.flipHorizontal() : r;
      };
      List<Turn> turns = new ArrayList<>(record.conversations().size());
      List<GroundingRef> g = new ArrayList<>();
      for (Turn turn : record.conversations()) {
        String v = Grounding.rewrite(turn.value(), t);
        turns.add(new Turn(turn.from(), v));
        if (Grounding.hasBoxes(v)) {
          g.addAll(Grounding.parse(v));
        }
      }
      record = new InstructionRecord(record.id(), record.images(), turns);
      grounding = g;
    }

    int block = 3 * size * size;
    float[] pixels = new float[imgs.length * block];
    List<ImageInfo> infos = new ArrayList<>(imgs.length);
    List<String> paths = new ArrayList<>(imgs.length);
    for (int i = 0; i < imgs.length; i++) {
      DecodedImage img = imgs[i];
      int cx = 0;
      int cy = 0;
      int cw = img.width();
      int ch = img.height();
      if (cropped) {
        cx = crop[0];
        cy = crop[1];
        cw = crop[2];
        ch = crop[3];
      }
      Resampler.resizeNormalize(img, cx, cy, cw, ch, flip, size, norm, pixels, i * block);
      infos.add(new ImageInfo(img.width(), img.height(), img.bands(), img.bitDepth(), cx, cy, cw,
          ch, flip));
      paths.add(refs.get(i).toString());
    }
    SampleMeta meta = new SampleMeta(record.id(), pr.dataset(), pr.source(), position, paths,
        infos, grounding);
    return new Sample(record, meta, pixels, imgs.length, pr.notes());
  }

  private static boolean mentionsDirection(InstructionRecord r) {
    for (Turn t : r.conversations()) {
      if (DIRECTION.matcher(t.value()).find()) {
        return true;
      }
    }
    return false;
  }

  /** A crop of at least {@code minCropScale} of each side containing every box; false if none. */
  private boolean chooseCrop(DecodedImage img, List<GroundingRef> grounding, double scaleDraw,
      double xDraw, double yDraw, int[] crop) {
    int w = img.width();
    int h = img.height();
    double ux1 = w;
    double uy1 = h;
    double ux2 = 0;
    double uy2 = 0;
    for (GroundingRef g : grounding) {
      for (BoundingBox b : g.boxes()) {
        double[] e = b.toPixelEdges(w, h);
        ux1 = Math.min(ux1, e[0]);
        uy1 = Math.min(uy1, e[1]);
        ux2 = Math.max(ux2, e[2]);
        uy2 = Math.max(uy2, e[3]);
      }
    }
    int bx1 = (int) Math.floor(ux1);
    int by1 = (int) Math.floor(uy1);
    int bx2 = (int) Math.ceil(ux2);
    int by2 = (int) Math.ceil(uy2);
    double s = aug.minCropScale() + (1 - aug.minCropScale()) * scaleDraw;
    int cw = Math.min(w, Math.max(bx2 - bx1, (int) Math.round(s * w)));
    int ch = Math.min(h, Math.max(by2 - by1, (int) Math.round(s * h)));
    if (cw >= w && ch >= h) {
      return false;
    }
    int xlo = Math.max(0, bx2 - cw);
    int xhi = Math.min(bx1, w - cw);
    int ylo = Math.max(0, by2 - ch);
    int yhi = Math.min(by1, h - ch);
    if (xhi < xlo || yhi < ylo) {
      return false;
    }
    crop[0] = xlo + (int) Math.floor(xDraw * (xhi - xlo + 1));
    crop[1] = ylo + (int) Math.floor(yDraw * (yhi - ylo + 1));
    crop[0] = Math.min(crop[0], xhi);
    crop[1] = Math.min(crop[1], yhi);
    crop[2] = cw;
    crop[3] = ch;
    return true;
  }
}
