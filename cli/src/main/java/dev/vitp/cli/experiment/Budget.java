package dev.vitp.cli.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * How much an experiment spends: data, pretraining and fine-tuning sizes. {@link #full()} is the
 * experiments' default (each fits in 30 minutes on 2 cores); {@link #quick()} checks the
 * machinery in about a minute and says nothing about the method.
 *
 * @param samples pretraining instruction records generated (embedded domain)
 * @param downstreamSamples images per downstream set, train + val (embedded domain)
 * @param pretrainSteps optimizer steps of every pretraining run
 * @param batch pretraining batch
 * @param epochs fine-tuning epochs (at all labels; label efficiency lengthens smaller shares)
 * @param fraction the share of training labels (sweep and robustness)
 * @param seeds fine-tuning seeds
 */
public record Budget(int samples, int downstreamSamples, int pretrainSteps, int batch,
    int epochs, double fraction, List<Long> seeds) {
  public Budget {
    seeds = List.copyOf(seeds);
  }

  /** The default budget: the demo's (1000 steps × 16 images of nano per run, 500 images a task). */
  public static Budget full(int seeds) {
    return new Budget(4000, 500, 1000, 16, 5, 0.2, range(seeds));
  }

  /** A minute's budget for tests: a few steps, tiny sets. */
  public static Budget quick(int seeds) {
    return new Budget(120, 160, 8, 4, 8, 0.5, range(seeds));
  }

  private static List<Long> range(int seeds) {
    return LongStream.rangeClosed(1, seeds).boxed().toList();
  }

  /** The budget as the reports' JSON. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pretraining_records", samples);
    m.put("downstream_images_per_task", downstreamSamples);
    m.put("pretrain_steps", pretrainSteps);
    m.put("pretrain_batch", batch);
    m.put("finetune_epochs", epochs);
    m.put("label_fraction", fraction);
    m.put("seeds", seeds);
    return m;
  }
}
