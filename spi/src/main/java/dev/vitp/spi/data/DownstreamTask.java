package dev.vitp.spi.data;

/**
 * A downstream data set a domain can generate under {@code downstream/<name>/{train,val}}.
 *
 * @param name folder name, e.g. {@code scene-classification}
 * @param kind classification, segmentation, detection or change-detection
 * @param format the on-disk format, e.g. {@code class-folders}, {@code dota-txt+coco-json}
 * @param description one line
 */
public record DownstreamTask(String name, String kind, String format, String description) {}
