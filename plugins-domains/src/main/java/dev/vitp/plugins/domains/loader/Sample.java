package dev.vitp.plugins.domains.loader;

import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.SampleMeta;
import java.util.List;

/** One decoded record: its (augmented) record, metadata and {@code images × 3 × S × S} pixels. */
record Sample(InstructionRecord record, SampleMeta meta, float[] pixels, int imageCount,
    List<String> notes) {}
