package dev.vitp.spark;

import dev.vitp.cli.charts.Curves;
import dev.vitp.toolkit.io.AtomicFiles;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The dataset card of a curated corpus: per dataset, what was read, skipped and deduplicated,
 * its images (count, bytes, sizes) and histograms of answer length and token budget, as Markdown
 * ({@code card.md}) and PNG ({@code card/NN-name.png}).
 */
final class DatasetCard {
  private DatasetCard() {}

  /**
   * One dataset's numbers.
   *
   * @param read records read (an epoch's records, each once)
   * @param skipped records the loader would skip
   * @param duplicates clean records left out as exact duplicates of an earlier one
   * @param records clean records written
   * @param images distinct image files the written records name
   * @param contents distinct image contents among them
   * @param rewrittenFiles duplicate image files whose records now name the first copy
   * @param imageBytes bytes of those image files
   * @param widths min, median, max image width
   * @param heights min, median, max image height
   * @param answerTokens records per power-of-two bucket of answer (gpt) tokens
   * @param textTokens records per power-of-two bucket of all text tokens (the token budget)
   */
  record Stats(String name, String folder, long read, long skipped, long duplicates,
      long records, long images, long contents, long rewrittenFiles, long imageBytes,
      int[] widths, int[] heights, Map<Integer, Long> answerTokens,
      Map<Integer, Long> textTokens) {}

  static void write(Path out, List<Stats> datasets) {
    StringBuilder md = new StringBuilder("# Dataset card\n\n");
    md.append("Tokens are the word pieces of vitp's word tokenizer (a text's token budget before "
        + "image tokens). Buckets are powers of two: `[2^(b-1), 2^b)`.\n\n");
    md.append("| dataset | read | skipped | duplicates | records | images | distinct contents "
        + "| image MiB | width min/median/max | height min/median/max |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (Stats s : datasets) {
      md.append(String.format(Locale.ROOT,
          "| %s | %d | %d | %d | %d | %d | %d | %.2f | %s | %s |%n",
          s.name(), s.read(), s.skipped(), s.duplicates(), s.records(), s.images(), s.contents(),
          s.imageBytes() / (1024.0 * 1024.0), triple(s.widths()), triple(s.heights())));
    }
    for (Stats s : datasets) {
      md.append("\n## ").append(s.name()).append("\n\n");
      if (s.rewrittenFiles() > 0) {
        md.append(s.rewrittenFiles()).append(" duplicate image files: their records now name "
            + "the first file of the same content.\n\n");
      }
      md.append("| tokens | answer (records) | whole text (records) |\n|---|---:|---:|\n");
      int top = Math.max(last(s.answerTokens()), last(s.textTokens()));
      for (int b = 0; b <= top; b++) {
        md.append("| ").append(bucketLabel(b)).append(" | ")
            .append(s.answerTokens().getOrDefault(b, 0L)).append(" | ")
            .append(s.textTokens().getOrDefault(b, 0L)).append(" |\n");
      }
      md.append("\n![").append(s.name()).append("](card/").append(s.folder()).append(".png)\n");
      Curves.savePng(chart(s, top), out.resolve("card").resolve(s.folder() + ".png"), 720, 400);
    }
    AtomicFiles.writeString(out.resolve("card.md"), md.toString());
  }

  private static JFreeChart chart(Stats s, int top) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int b = 0; b <= top; b++) {
      data.addValue(s.answerTokens().getOrDefault(b, 0L), "answer tokens", bucketLabel(b));
      data.addValue(s.textTokens().getOrDefault(b, 0L), "text tokens (budget)", bucketLabel(b));
    }
    JFreeChart chart = ChartFactory.createBarChart(s.name() + ": records per token count",
        "tokens", "records", data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setSeriesPaint(0, Curves.COLORS[0]);
    renderer.setSeriesPaint(1, Curves.COLORS[1]);
    return chart;
  }

  private static int last(Map<Integer, Long> histogram) {
    return histogram.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  static String bucketLabel(int bucket) {
    if (bucket == 0) {
      return "0";
    }
    long lo = 1L << (bucket - 1);
    long hi = (1L << bucket) - 1;
    return lo == hi ? Long.toString(lo) : lo + "–" + hi;
  }

  private static String triple(int[] v) {
    return v[0] + " / " + v[1] + " / " + v[2];
  }
}
