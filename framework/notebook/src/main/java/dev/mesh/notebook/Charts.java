package dev.mesh.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Bar and line charts of a query result, drawn headless with JFreeChart into PNG bytes: x is a category axis (in
 * the order the rows come, so ORDER BY decides it), y a numeric column, and an optional series column gives one
 * bar or line per value.
 */
public final class Charts {
  private Charts() {}

  public enum Kind { BAR, LINE }

  /** What to draw: the kind, the columns (series may be null), a title (may be null), and the image size. */
  public record Spec(Kind kind, String x, String y, String series, String title, int width, int height) {}

  private static final Color[] PALETTE = {
    new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3),
    new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C), new Color(0xCCB974), new Color(0x64B5CD)
  };

  /**
   * The chart's spec completed from the result: unnamed columns default to the first (x), second (y) and third
   * (series) column. Throws an error naming the columns when one is missing or y is not numeric.
   */
  public static Spec resolve(Spec spec, ResultTable t) {
    String x = spec.x() != null ? spec.x() : t.columns().size() > 0 ? t.columns().get(0) : null;
    String y = spec.y() != null ? spec.y() : t.columns().size() > 1 ? t.columns().get(1) : null;
    String series = spec.series() != null ? spec.series() : (spec.x() == null && spec.y() == null && t.columns().size() > 2 ? t.columns().get(2) : null);
    if (x == null || y == null) {
      throw new NotebookException(
          "A chart needs at least two columns (x, then y), the query returned " + t.columns().size()
              + ". Select x, y and optionally a series column, or name them: %chart bar x=<col> y=<col> series=<col>");
    }
    for (String c : new String[] {x, y, series}) {
      if (c != null && t.columnIndex(c) < 0) {
        throw new NotebookException("The chart names column '" + c + "', which the query does not return. Its columns: " + String.join(", ", t.columns()));
      }
    }
    if (!t.numeric(t.columnIndex(y))) {
      throw new NotebookException(
          "The chart's y column '" + y + "' is of type " + t.types().get(t.columnIndex(y)) + ", not a number. Choose a numeric column: y=<col>");
    }
    return new Spec(spec.kind(), x, y, series, spec.title(), spec.width(), spec.height());
  }

  /** Draws the chart as PNG bytes. */
  public static byte[] png(Spec resolved, ResultTable t) {
    Spec s = resolve(resolved, t);
    int xi = t.columnIndex(s.x());
    int yi = t.columnIndex(s.y());
    int si = s.series() == null ? -1 : t.columnIndex(s.series());
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    Set<String> categories = new LinkedHashSet<>();
    for (List<Object> row : t.rows()) {
      categories.add(String.valueOf(Rendering.cell(row.get(xi))));
    }
    for (List<Object> row : t.rows()) {
      Object v = row.get(yi);
      String seriesKey = si < 0 ? s.y() : String.valueOf(Rendering.cell(row.get(si)));
      String category = String.valueOf(Rendering.cell(row.get(xi)));
      Number n = v == null ? null : ((Number) v).doubleValue();
      Number before = data.getRowIndex(seriesKey) >= 0 && data.getColumnIndex(category) >= 0 ? data.getValue(seriesKey, category) : null;
      // Several rows for one (series, x): their sum, as a grouped query would give.
      data.setValue(before == null ? n : n == null ? before : before.doubleValue() + n.doubleValue(), seriesKey, category);
    }
    String title = s.title() != null ? s.title() : s.y() + " by " + s.x() + (s.series() == null ? "" : " and " + s.series());
    boolean legend = si >= 0;
    JFreeChart chart = s.kind() == Kind.BAR
        ? ChartFactory.createBarChart(title, s.x(), s.y(), data, PlotOrientation.VERTICAL, legend, false, false)
        : ChartFactory.createLineChart(title, s.x(), s.y(), data, PlotOrientation.VERTICAL, legend, false, false);
    style(chart, s.kind(), categories.size());
    BufferedImage image = chart.createBufferedImage(s.width(), s.height());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode the chart as PNG", e);
    }
    return out.toByteArray();
  }

  private static void style(JFreeChart chart, Kind kind, int categories) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setOutlineVisible(false);
    CategoryAxis axis = plot.getDomainAxis();
    if (categories > 8) {
      axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    axis.setMaximumCategoryLabelLines(2);
    if (kind == Kind.BAR) {
      BarRenderer r = (BarRenderer) plot.getRenderer();
      r.setBarPainter(new StandardBarPainter());
      r.setShadowVisible(false);
      r.setItemMargin(0.02);
      for (int i = 0; i < PALETTE.length; i++) {
        r.setSeriesPaint(i, PALETTE[i]);
      }
    } else {
      LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
      r.setDefaultShapesVisible(true);
      for (int i = 0; i < PALETTE.length; i++) {
        r.setSeriesPaint(i, PALETTE[i]);
        r.setSeriesStroke(i, new BasicStroke(2f));
      }
    }
  }
}
