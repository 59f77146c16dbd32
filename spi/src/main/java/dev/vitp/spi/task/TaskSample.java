package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.LabelImage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One downstream sample at the backbone's input resolution {@code size × size}.
 *
 * @param id where it came from, e.g. {@code val/images/P0003.png}
 * @param images normalised {@code [3, size, size]} planes: one image, or two for change detection
 *     (dates A and B)
 * @param label the class (classification), else -1
 * @param mask {@code size²} class ids, row-major (segmentation, change detection), else null;
 *     {@link #IGNORE} marks pixels without a label
 * @param boxes truth boxes in input pixels (detection), else empty
 * @param width width of the original image, in pixels
 * @param height height of the original image, in pixels
 * @param fullMask the labels at the original resolution, kept for evaluation, or null
 */
public record TaskSample(String id, int size, List<float[]> images, int label,
    int @Nullable [] mask, List<TaskBox> boxes, int width, int height,
    @Nullable LabelImage fullMask) {
  /** The ignore index of masks (mmsegmentation's convention). */
  public static final int IGNORE = 255;

  public TaskSample {
    images = List.copyOf(images);
    boxes = List.copyOf(boxes);
    if (size <= 0 || images.isEmpty() || width <= 0 || height <= 0) {
      throw VitpException.userError("Expected a positive size, at least one image and a positive "
          + "original size. Received: id=" + id + ", size=" + size + ", images=" + images.size()
          + ", width=" + width + ", height=" + height);
    }
    for (float[] image : images) {
      if (image.length != 3 * size * size) {
        throw VitpException.userError("Expected images of 3*size*size values. Received: id=" + id
            + ", size=" + size + ", values=" + image.length);
      }
    }
    if (mask != null && mask.length != size * size) {
      throw VitpException.userError("Expected a mask of size*size values. Received: id=" + id
          + ", size=" + size + ", values=" + mask.length);
    }
  }

  /** Original pixels per input pixel along x. */
  public float scaleX() {
    return (float) width / size;
  }

  /** Original pixels per input pixel along y. */
  public float scaleY() {
    return (float) height / size;
  }

  /** The same sample mirrored left-right (training augmentation); drops {@link #fullMask}. */
  public TaskSample flipped() {
    List<float[]> flippedImages = new ArrayList<>();
    for (float[] image : images) {
      float[] f = new float[image.length];
      for (int row = 0; row < 3 * size; row++) {
        int base = row * size;
        for (int x = 0; x < size; x++) {
          f[base + x] = image[base + size - 1 - x];
        }
      }
      flippedImages.add(f);
    }
    int[] m = null;
    if (mask != null) {
      m = new int[mask.length];
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          m[y * size + x] = mask[y * size + size - 1 - x];
        }
      }
    }
    List<TaskBox> b = new ArrayList<>();
    for (TaskBox box : boxes) {
      b.add(box.flippedHorizontally(size));
    }
    return new TaskSample(id, size, flippedImages, label, m, b, width, height, null);
  }
}
