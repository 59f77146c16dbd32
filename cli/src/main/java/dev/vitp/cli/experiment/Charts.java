package dev.vitp.cli.experiment;

import dev.vitp.cli.charts.Curves;
import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jspecify.annotations.Nullable;

/** The experiments' plots: lines with error bars, and a heat map. */
final class Charts {
  /** Matplotlib's tab10 palette, readable on white (as compare.png). */
  static final Color[] COLORS = Curves.COLORS;

  private Charts() {}

  /**
   * One point of a series: the mean over seeds and its sample std (null with one seed: no bar).
   */
  record Point(double x, double mean, @Nullable Double std) {}

  /** Lines through each series' points, with ± std error bars; a log x axis if {@code logX}. */
  static JFreeChart lines(String title, String xLabel, String yLabel, boolean logX,
      Map<String, List<Point>> series) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (Map.Entry<String, List<Point>> s : series.entrySet()) {
      YIntervalSeries line = new YIntervalSeries(s.getKey());
      for (Point p : s.getValue()) {
        double std = p.std() == null ? 0 : p.std();
        line.add(p.x(), p.mean(), p.mean() - std, p.mean() + std);
      }
      data.addSeries(line);
    }
    ValueAxis x;
    if (logX) {
      LogAxis log = new LogAxis(xLabel);
      log.setBase(10);
      log.setSmallestValue(1e-3);
      x = log;
    } else {
      NumberAxis linear = new NumberAxis(xLabel);
      linear.setAutoRangeIncludesZero(true);
      x = linear;
    }
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(true);
    renderer.setDefaultShapesVisible(true);
    renderer.setErrorPaint(Color.DARK_GRAY);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesLinesVisible(i, true);
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }

  /**
   * A heat map of {@code values[row][column]} (e.g. the score lost per corruption and start),
   * white at 0 to red at the largest absolute value (blue below 0), each cell labelled.
   */
  static BufferedImage heatMap(String title, List<String> rows, List<String> columns,
      double[][] values, String legend) {
    int cellW = 120;
    int cellH = 28;
    int left = 170;
    int top = 70;
    int width = left + cellW * columns.size() + 30;
    int height = top + cellH * rows.size() + 50;
    double max = 1e-12;
    for (double[] row : values) {
      for (double v : row) {
        if (Double.isFinite(v)) {
          max = Math.max(max, Math.abs(v));
        }
      }
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, 10, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics metrics = g.getFontMetrics();
      for (int c = 0; c < columns.size(); c++) {
        String label = columns.get(c);
        g.drawString(label, left + c * cellW + (cellW - metrics.stringWidth(label)) / 2,
            top - 10);
      }
      for (int r = 0; r < rows.size(); r++) {
        int y = top + r * cellH;
        g.setColor(Color.BLACK);
        g.drawString(rows.get(r), 10, y + cellH / 2 + 5);
        for (int c = 0; c < columns.size(); c++) {
          double v = values[r][c];
          int x = left + c * cellW;
          g.setColor(Double.isFinite(v) ? shade(v / max) : Color.LIGHT_GRAY);
          g.fillRect(x, y, cellW, cellH);
          g.setColor(Color.GRAY);
          g.drawRect(x, y, cellW, cellH);
          String text = Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "—";
          g.setColor(Color.BLACK);
          g.drawString(text, x + (cellW - metrics.stringWidth(text)) / 2, y + cellH / 2 + 5);
        }
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString(legend, 10, height - 18);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** White at 0, toward red for positive shares, toward blue for negative ones. */
  private static Color shade(double share) {
    double s = Math.max(-1, Math.min(1, share));
    int fade = (int) Math.round(255 * (1 - Math.abs(s) * 0.8));
    return s >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
  }

  /** Writes an image as PNG, atomically. */
  static void savePng(BufferedImage image, Path file) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(image, "png", bytes);
      AtomicFiles.write(file, bytes.toByteArray());
    } catch (IOException e) {
      throw VitpException.userError("Expected to write " + file + ". Received: " + e, e);
    }
  }
}
