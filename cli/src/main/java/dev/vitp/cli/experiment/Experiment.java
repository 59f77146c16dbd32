package dev.vitp.cli.experiment;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/** One of the paper's ablations in miniature, run by {@code vitp experiment <name>}. */
public interface Experiment {
  /** Its name on the command line and of its output files. */
  String name();

  /** One line for --help and the report's heading. */
  String title();

  /** Runs (reusing finished stages) and returns what the report files hold. */
  Result run(ExperimentContext context) throws IOException;

  /**
   * What an experiment found.
   *
   * @param json the body of {@code <name>.json} (the command adds budget, backend and timing)
   * @param markdown the body of {@code <name>.md}
   * @param charts plots by file-name suffix ({@code <name>-<suffix>.png})
   * @param images pictures drawn directly (heat maps), by file-name suffix
   */
  record Result(Map<String, Object> json, String markdown, Map<String, JFreeChart> charts,
      Map<String, BufferedImage> images) {
    public Result {
      json = new LinkedHashMap<>(json);
      charts = new LinkedHashMap<>(charts);
      images = new LinkedHashMap<>(images);
    }
  }
}
