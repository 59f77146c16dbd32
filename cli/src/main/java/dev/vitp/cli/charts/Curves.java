package dev.vitp.cli.charts;

import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves drawn with JFreeChart: lines over a numeric x (steps), the y axis ranged to the
 * data (not from zero), a raw curve drawn faint under its smoothed one as TensorBoard does.
 */
public final class Curves {
  /** Matplotlib's tab10 palette, readable on white (as the reports' charts). */
  public static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  /** TensorBoard's default smoothing weight. */
  public static final double SMOOTHING = 0.6;

  private Curves() {}

  /**
   * One line: points where {@code y} is finite; {@code faint} draws it thin and translucent
   * (the raw values under a smoothed curve); {@code points} marks each point (sparse values such
   * as a validation metric).
   */
  public record Curve(String name, double[] x, double[] y, Color color, boolean faint,
      boolean points) {}

  /** The raw curve, faint, and its smoothed version in the same colour. */
  public static List<Curve> rawAndSmoothed(String name, double[] x, double[] y, Color color) {
    return List.of(new Curve(name + " (raw)", x, y, color, true, false),
        new Curve(name, x, smooth(y, SMOOTHING), color, false, false));
  }

  /**
   * TensorBoard's smoothing: an exponential moving average debiased for its start (so the first
   * values are not pulled toward zero); non-finite values are kept as they are and skipped.
   */
  public static double[] smooth(double[] y, double weight) {
    double[] out = new double[y.length];
    double last = 0;
    int seen = 0;
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        out[i] = y[i];
        continue;
      }
      last = last * weight + (1 - weight) * y[i];
      seen++;
      out[i] = last / (1 - Math.pow(weight, seen));
    }
    return out;
  }

  /** A plot of {@code curves} against a shared x axis. */
  public static XYPlot plot(String yLabel, List<Curve> curves) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      XYSeries series = new XYSeries(c.name(), false, true);
      for (int j = 0; j < Math.min(c.x().length, c.y().length); j++) {
        if (Double.isFinite(c.x()[j]) && Double.isFinite(c.y()[j])) {
          series.add(c.x()[j], c.y()[j]);
        }
      }
      data.addSeries(series);
      Color color = c.faint() ? new Color(c.color().getRed(), c.color().getGreen(),
          c.color().getBlue(), 70) : c.color();
      renderer.setSeriesPaint(i, color);
      renderer.setSeriesStroke(i, new BasicStroke(c.faint() ? 1f : 2f));
      renderer.setSeriesShapesVisible(i, c.points());
      renderer.setSeriesVisibleInLegend(i, !c.faint());
    }
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, null, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  /** A chart of one or more plots stacked over one x axis. */
  public static JFreeChart chart(String title, String xLabel, List<XYPlot> plots) {
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    if (plots.size() == 1) {
      XYPlot plot = plots.get(0);
      plot.setDomainAxis(x);
      return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
    combined.setGap(12);
    plots.forEach(p -> combined.add(p, 1));
    return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
  }

  /** Writes a chart as a {@code width} × {@code height} PNG, atomically. */
  public static void savePng(JFreeChart chart, Path file, int width, int height) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ChartUtils.writeChartAsPNG(bytes, chart, width, height);
      AtomicFiles.write(file, bytes.toByteArray());
    } catch (IOException e) {
      throw VitpException.userError("Expected to write " + file + ". Received: " + e, e);
    }
  }
}
