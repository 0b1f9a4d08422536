package io.fullspectrum.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * PNG figures of the analysis, drawn with Java2D (headless, nothing to install): a scatter of accuracy against a
 * metric with its Pearson r and least-squares line (Figures 3-4), and an accuracy landscape over two metrics (Figure 2), the background
 * interpolated from the points by inverse-distance weighting.
 */
public final class Plots {
  private static final int W = 640;
  private static final int H = 480;
  private static final int LEFT = 80;
  private static final int RIGHT = 110;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private Plots() {}

  /** Accuracy (y) against a metric (x). */
  public static void scatter(double[] x, double[] y, String xLabel, String yLabel, String title, Path file)
      throws IOException {
    Frame f = new Frame(x, y, title, xLabel, yLabel);
    double[] fit = leastSquares(x, y);
    if (fit != null) {
      f.g.setColor(new Color(214, 39, 40));
      f.g.setStroke(new BasicStroke(1.5f));
      f.g.setClip(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
      f.g.drawLine(f.px(f.x0), f.py(fit[0] + fit[1] * f.x0), f.px(f.x1), f.py(fit[0] + fit[1] * f.x1));
      f.g.setClip(null);
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        f.g.setColor(new Color(31, 119, 180));
        f.g.fillOval(f.px(x[i]) - 4, f.py(y[i]) - 4, 8, 8);
      }
    }
    f.write(file);
  }

  /** Intercept and slope of the least-squares line through the finite points, or null when undefined. */
  static double[] leastSquares(double[] x, double[] y) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        sx += x[i];
        sy += y[i];
        n++;
      }
    }
    if (n < 2) {
      return null;
    }
    double mx = sx / n;
    double my = sy / n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
      }
    }
    return sxx == 0 ? null : new double[] {my - sxy / sxx * mx, sxy / sxx};
  }

  /** A landscape: {@code z} (accuracy) coloured over the plane of {@code x} and {@code y}, points outlined. */
  public static void landscape(double[] x, double[] y, double[] z, String xLabel, String yLabel, String title,
      Path file) throws IOException {
    Frame f = new Frame(x, y, title, xLabel, yLabel);
    double[] bounds = finiteBounds(z);
    double zmin = bounds[0];
    double zmax = bounds[1];
    if (!(zmax > zmin)) {
      zmax = zmin + 1e-9;
    }
    int cell = 6;
    for (int px = LEFT; px < W - RIGHT; px += cell) {
      for (int py = TOP; py < H - BOTTOM; py += cell) {
        double vx = f.vx(px + cell / 2.0);
        double vy = f.vy(py + cell / 2.0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
          if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || !Double.isFinite(z[i])) {
            continue;
          }
          double dx = (vx - x[i]) / f.xspan();
          double dy = (vy - y[i]) / f.yspan();
          double w = 1 / Math.pow(dx * dx + dy * dy + 1e-6, 1.5);
          num += w * z[i];
          den += w;
        }
        if (den > 0) {
          f.g.setColor(colour((num / den - zmin) / (zmax - zmin)));
          f.g.fillRect(px, py, cell, cell);
        }
      }
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && Double.isFinite(z[i])) {
        f.g.setColor(colour((z[i] - zmin) / (zmax - zmin)));
        f.g.fillOval(f.px(x[i]) - 5, f.py(y[i]) - 5, 10, 10);
        f.g.setColor(Color.BLACK);
        f.g.drawOval(f.px(x[i]) - 5, f.py(y[i]) - 5, 10, 10);
      }
    }
    f.axes();
    for (int k = 0; k <= 100; k++) {
      f.g.setColor(colour(k / 100.0));
      int yy = H - BOTTOM - (int) Math.round(k / 100.0 * (H - TOP - BOTTOM));
      f.g.fillRect(W - RIGHT + 30, yy - 2, 18, 4);
    }
    f.g.setColor(Color.BLACK);
    f.g.drawString(String.format(Locale.ROOT, "%.4f", zmax), W - RIGHT + 52, TOP + 5);
    f.g.drawString(String.format(Locale.ROOT, "%.4f", zmin), W - RIGHT + 52, H - BOTTOM);
    f.g.drawString("accuracy", W - RIGHT + 30, TOP - 10);
    f.write(file);
  }

  /** A perceptually ordered blue-green-yellow ramp (viridis-like), {@code t} in [0, 1]. */
  static Color colour(double t) {
    double c = Math.max(0, Math.min(1, t));
    double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    double s = c * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) Math.floor(s));
    double u = s - i;
    return new Color((int) Math.round(stops[i][0] + u * (stops[i + 1][0] - stops[i][0])),
        (int) Math.round(stops[i][1] + u * (stops[i + 1][1] - stops[i][1])),
        (int) Math.round(stops[i][2] + u * (stops[i + 1][2] - stops[i][2])));
  }

  /** The canvas with both axes fitted to the finite data, and the pixel/value mappings. */
  private static final class Frame {
    final BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    final Graphics2D g = image.createGraphics();
    final double x0;
    final double x1;
    final double y0;
    final double y1;
    final String xLabel;
    final String yLabel;

    Frame(double[] x, double[] y, String title, String xLabel, String yLabel) {
      double[] rx = range(x);
      double[] ry = range(y);
      x0 = rx[0];
      x1 = rx[1];
      y0 = ry[0];
      y1 = ry[1];
      this.xLabel = xLabel;
      this.yLabel = yLabel;
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, LEFT, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      axes();
    }

    void axes() {
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1));
      g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
      for (int k = 0; k <= 4; k++) {
        double vx = x0 + (x1 - x0) * k / 4;
        double vy = y0 + (y1 - y0) * k / 4;
        g.drawString(tick(vx), px(vx) - 18, H - BOTTOM + 18);
        String ty = tick(vy);
        g.drawString(ty, LEFT - 6 - g.getFontMetrics().stringWidth(ty), py(vy) + 4);
      }
      g.drawString(xLabel, LEFT + (W - LEFT - RIGHT) / 2 - 30, H - 18);
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(TOP + (H - TOP - BOTTOM) / 2) - 30, 16);
      g.rotate(Math.PI / 2);
    }

    double xspan() {
      return x1 - x0;
    }

    double yspan() {
      return y1 - y0;
    }

    int px(double v) {
      return LEFT + (int) Math.round((v - x0) / (x1 - x0) * (W - LEFT - RIGHT));
    }

    int py(double v) {
      return H - BOTTOM - (int) Math.round((v - y0) / (y1 - y0) * (H - TOP - BOTTOM));
    }

    double vx(double px) {
      return x0 + (px - LEFT) / (W - LEFT - RIGHT) * (x1 - x0);
    }

    double vy(double py) {
      return y0 + (H - BOTTOM - py) / (H - TOP - BOTTOM) * (y1 - y0);
    }

    void write(Path file) throws IOException {
      g.dispose();
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      ImageIO.write(image, "png", tmp.toFile());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String tick(double v) {
      return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static double[] range(double[] v) {
      double[] bounds = finiteBounds(v);
      double lo = bounds[0];
      double hi = bounds[1];
      if (lo > hi) {
        return new double[] {0, 1};
      }
      double pad = hi > lo ? (hi - lo) * 0.06 : Math.max(1e-6, Math.abs(lo) * 0.05);
      return new double[] {lo - pad, hi + pad};
    }
  }

  /** The smallest and largest finite values ({@code +inf, -inf} when there are none). */
  private static double[] finiteBounds(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      if (Double.isFinite(d)) {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    return new double[] {lo, hi};
  }
}
