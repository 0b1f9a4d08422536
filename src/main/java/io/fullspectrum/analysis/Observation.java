package io.fullspectrum.analysis;

import io.fullspectrum.schemas.Csv;
import io.fullspectrum.graph.FullSpectrumCoordinate;
import io.fullspectrum.graph.LayerSpectrum;

/**
 * One scored-and-evaluated mask: its accuracy and its network-level metrics, each the mean over layers of the
 * layer's number (method §3; {@code distance} is the mean layer magnitude, the code's "l2-moving distance").
 * Layers that fail the degree gate (infinite {@code dr} and {@code lambda}) are left out of those means.
 */
public record Observation(String label, double accuracy, double dr, double drImdb, double lambda,
    double lambdaImsg, double distance) implements java.io.Serializable {

  /** The CSV header matching {@link #appendTo}. */
  public static final String CSV_HEADER = "mask,accuracy,dr,dr_imdb,lambda,lambda_imsg,distance";

  public static Observation of(String label, double accuracy, FullSpectrumCoordinate c) {
    double[][] rows = new double[c.layers().size()][];
    for (int i = 0; i < rows.length; i++) {
      LayerSpectrum l = c.layers().get(i);
      rows[i] = new double[] {l.dr(), l.drImdb(), l.lambda(), l.lambdaImsg(), l.magnitude()};
    }
    return of(label, accuracy, rows);
  }

  /** From per-layer rows {@code (dr, dr_imdb, lambda, lambda_imsg, m)}, as a scored draw holds them. */
  public static Observation of(String label, double accuracy, double[][] rows) {
    double[] sum = new double[4];
    int[] count = new int[4];
    double m = 0;
    for (double[] v : rows) {
      m += v[4];
      for (int k = 0; k < 4; k++) {
        if (Double.isFinite(v[k])) {
          sum[k] += v[k];
          count[k]++;
        }
      }
    }
    double[] mean = new double[4];
    for (int k = 0; k < 4; k++) {
      mean[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
    }
    return new Observation(label, accuracy, mean[0], mean[1], mean[2], mean[3],
        rows.length == 0 ? 0 : m / rows.length);
  }

  /** The metric named as in the CSV header. */
  public double metric(String name) {
    switch (name) {
      case "dr": return dr;
      case "dr_imdb": return drImdb;
      case "lambda": return lambda;
      case "lambda_imsg": return lambdaImsg;
      case "distance": return distance;
      case "accuracy": return accuracy;
      default: throw new IllegalArgumentException("unknown metric '" + name + "'");
    }
  }

  /** Appends this point to a table with {@link #CSV_HEADER}. */
  public void appendTo(Csv table) {
    table.row(label, accuracy, dr, drImdb, lambda, lambdaImsg, distance);
  }

  /** Parses a row written by {@link #appendTo}; {@code where} names the file and line for errors. */
  public static Observation parse(String line, String where) {
    String[] f = Csv.cells(line).toArray(new String[0]);
    if (f.length != 7) {
      throw new IllegalArgumentException(where + ": expected 7 fields (" + CSV_HEADER + "), found " + f.length);
    }
    double[] v = new double[6];
    String[] names = CSV_HEADER.split(",");
    for (int k = 0; k < 6; k++) {
      try {
        v[k] = Csv.parseNumber(f[k + 1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": field " + names[k + 1] + " is '" + f[k + 1] + "', not a number");
      }
    }
    return new Observation(f[0], v[0], v[1], v[2], v[3], v[4], v[5]);
  }
}
