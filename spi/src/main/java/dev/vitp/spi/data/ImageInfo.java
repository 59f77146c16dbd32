package dev.vitp.spi.data;

/**
 * What was decoded for one image of a sample, and which part of it reached the model.
 *
 * @param width original width in pixels
 * @param height original height in pixels
 * @param bands bands in the file (1 for SAR/CT/X-ray, 3 for RGB; alpha not counted)
 * @param bitDepth bits per sample in the file (8, 16, 32)
 * @param cropX left edge of the region that was resized to the model size
 * @param cropY top edge of that region
 * @param cropWidth its width (the full width when not cropped)
 * @param cropHeight its height
 * @param flipped whether it was flipped left-right
 */
public record ImageInfo(int width, int height, int bands, int bitDepth, int cropX, int cropY,
    int cropWidth, int cropHeight, boolean flipped) {}
