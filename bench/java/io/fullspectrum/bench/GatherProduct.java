package io.fullspectrum.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Issue 18: could SIMD gathers make the Gram products (half of scoring at 99%) cheaper while keeping their bits?
 * Runs the Gram product of the smaller side, {@code B (B^T x)} or {@code B^T (B x)} as GramOperator picks, on every
 * ResNet-18 layer shape at a given density (random masks, isolated nodes dropped, as GramOperator's sparse path does): once as GramOperator computes it (one running sum per line, in edge
 * order), once with AVX gathers over the lines in SELL-8 layout (lines sorted by degree, eight lines a chunk, one lane
 * a line: each lane adds its line's terms in the same order, padding adds +0 at the end, so the same bits). Checks
 * the bits, prints both times and their ratio. Standalone (JDK incubator module); run by bench/gather.sh.
 */
public final class GatherProduct {
  private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_512;
  private static final int W = 8;
  private static final int[][] RESNET18 = {
    {64, 27}, {64, 576}, {64, 576}, {64, 576}, {64, 576}, {128, 576}, {128, 1152}, {128, 64}, {128, 1152},
    {128, 1152}, {256, 1152}, {256, 2304}, {256, 128}, {256, 2304}, {256, 2304}, {512, 2304}, {512, 4608},
    {512, 256}, {512, 4608}, {512, 4608}, {10, 512}};

  /** One side's lines (rows of B, or its columns) as CSR and as sorted SELL-8 chunks. */
  static final class Lines {
    final int count;
    final int[] ptr;
    final int[] index;
    final double[] value;
    final int[] order;
    final int[] chunkPtr;
    final int[] chunkIndex;
    final double[] chunkValue;
    final int pad;

    Lines(int count, int[] ptr, int[] index, double[] value, int pad) {
      this.count = count;
      this.ptr = ptr;
      this.index = index;
      this.value = value;
      this.pad = pad;
      Integer[] byDegree = new Integer[count];
      for (int i = 0; i < count; i++) {
        byDegree[i] = i;
      }
      Arrays.sort(byDegree, (a, b) -> (ptr[b + 1] - ptr[b]) - (ptr[a + 1] - ptr[a]));
      order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = byDegree[i];
      }
      int chunks = (count + W - 1) / W;
      chunkPtr = new int[chunks + 1];
      for (int c = 0; c < chunks; c++) {
        int longest = ptr[order[c * W] + 1] - ptr[order[c * W]];
        chunkPtr[c + 1] = chunkPtr[c] + longest * W;
      }
      chunkIndex = new int[chunkPtr[chunks]];
      chunkValue = value == null ? null : new double[chunkPtr[chunks]];
      Arrays.fill(chunkIndex, pad);
      for (int c = 0; c < chunks; c++) {
        for (int l = 0; l < W && c * W + l < count; l++) {
          int line = order[c * W + l];
          for (int k = ptr[line]; k < ptr[line + 1]; k++) {
            int at = chunkPtr[c] + (k - ptr[line]) * W + l;
            chunkIndex[at] = index[k];
            if (value != null) {
              chunkValue[at] = value[k];
            }
          }
        }
      }
    }

    int edges() {
      return ptr[count];
    }

    /** out = this side times v, as GramOperator does it. */
    void scalar(double[] v, double[] out) {
      if (value == null) {
        for (int i = 0; i < count; i++) {
          double s = 0;
          for (int k = ptr[i]; k < ptr[i + 1]; k++) {
            s += v[index[k]];
          }
          out[i] = s;
        }
        return;
      }
      for (int i = 0; i < count; i++) {
        double s = 0;
        for (int k = ptr[i]; k < ptr[i + 1]; k++) {
          s += value[k] * v[index[k]];
        }
        out[i] = s;
      }
    }

    /** The same by gathers; {@code v} has a zero at {@link #pad}, {@code sums} room for the padded chunks. */
    void gathered(double[] v, double[] out, double[] sums) {
      int chunks = chunkPtr.length - 1;
      for (int c = 0; c < chunks; c++) {
        DoubleVector s = DoubleVector.zero(LANES);
        if (chunkValue == null) {
          for (int k = chunkPtr[c]; k < chunkPtr[c + 1]; k += W) {
            s = s.add(DoubleVector.fromArray(LANES, v, 0, chunkIndex, k));
          }
        } else {
          for (int k = chunkPtr[c]; k < chunkPtr[c + 1]; k += W) {
            s = s.add(DoubleVector.fromArray(LANES, chunkValue, k).mul(DoubleVector.fromArray(LANES, v, 0, chunkIndex, k)));
          }
        }
        s.intoArray(sums, c * W);
      }
      for (int i = 0; i < count; i++) {
        out[order[i]] = sums[i];
      }
    }
  }

  public static void main(String[] args) {
    double density = args.length > 0 ? Double.parseDouble(args[0]) : 0.01;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    SplittableRandom random = new SplittableRandom(1);
    List<Lines[]> layers = new ArrayList<>();
    long edgeVisits = 0;
    for (int[] shape : RESNET18) {
      for (boolean unit : new boolean[] {true, false}) {
        Lines[] sides = layer(shape[0], shape[1], density, unit, random);
        if (sides != null) {
          layers.add(sides);
          edgeVisits += 2L * sides[0].edges();
        }
      }
    }
    double[][] x = new double[layers.size()][];
    for (int l = 0; l < layers.size(); l++) {
      x[l] = new double[layers.get(l)[0].count + 1];
      for (int i = 0; i < layers.get(l)[0].count; i++) {
        x[l][i] = random.nextDouble() - 0.5;
      }
    }
    System.out.printf(Locale.ROOT, "ResNet-18 shapes at density %s, mask and weighted graphs: %d operators, %.2fM edge"
        + " visits a round of one product each%n", density, layers.size(), edgeVisits / 1e6);
    // As a Lanczos run uses an operator: many products in a row on one operator, by lines then by gathers.
    int repeat = 200;
    for (int r = 0; r <= rounds; r++) {
      long lines = 0;
      long gathers = 0;
      for (int l = 0; l < layers.size(); l++) {
        Lines[] op = layers.get(l);
        long t0 = System.nanoTime();
        double[] a = products(op, x[l], repeat, false);
        long t1 = System.nanoTime();
        double[] b = products(op, x[l], repeat, true);
        long t2 = System.nanoTime();
        lines += t1 - t0;
        gathers += t2 - t1;
        for (int i = 0; i < a.length; i++) {
          if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
            throw new AssertionError("operator " + l + " entry " + i + ": " + a[i] + " by lines, " + b[i] + " by gathers");
          }
        }
      }
      if (r == 0) {
        continue; // warm-up
      }
      double perLines = lines / (double) repeat / edgeVisits;
      double perGathers = gathers / (double) repeat / edgeVisits;
      System.out.printf(Locale.ROOT, "round %d: by lines (GramOperator) %.3f ns an edge visit, by 8-lane gathers %.3f;"
          + " lines / gathers = %.2fx; bits identical%n", r, perLines, perGathers, perLines / perGathers);
    }
  }

  /**
   * {@code repeat} Gram products on one operator ({@link #layer}'s pair: the smaller side's lines, then the other
   * side's, which gather from a vector on the smaller side); the last one's result.
   */
  private static double[] products(Lines[] op, double[] x, int repeat, boolean gathers) {
    Lines dimSide = op[0];
    Lines otherSide = op[1];
    double[] y = null;
    double[] sums = new double[Math.max(dimSide.chunkPtr.length, otherSide.chunkPtr.length) * W];
    for (int t = 0; t < repeat; t++) {
      double[] scratch = new double[otherSide.count + 1];
      y = new double[dimSide.count];
      if (gathers) {
        otherSide.gathered(x, scratch, sums);
        dimSide.gathered(scratch, y, sums);
      } else {
        otherSide.scalar(x, scratch);
        dimSide.scalar(scratch, y);
      }
    }
    return y;
  }

  /**
   * A random layer at the density, isolated rows and columns dropped, as its two sides' lines, the smaller side first
   * (the side GramOperator multiplies on); null if empty.
   */
  private static Lines[] layer(int rows, int cols, double density, boolean unit, SplittableRandom random) {
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (random.nextDouble() < density) {
          edges.add(new int[] {i, j});
        }
      }
    }
    int[] rowId = new int[rows];
    int[] colId = new int[cols];
    Arrays.fill(rowId, -1);
    Arrays.fill(colId, -1);
    int r = 0;
    int c = 0;
    for (int[] e : edges) {
      if (rowId[e[0]] < 0) {
        rowId[e[0]] = r++;
      }
    }
    boolean[] present = new boolean[cols];
    for (int[] e : edges) {
      present[e[1]] = true;
    }
    for (int j = 0; j < cols; j++) {
      if (present[j]) {
        colId[j] = c++;
      }
    }
    if (edges.isEmpty()) {
      return null;
    }
    int n = edges.size();
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      w[k] = Math.abs(random.nextGaussian());
    }
    int[] rowPtr = new int[r + 1];
    int[] colPtr = new int[c + 1];
    for (int[] e : edges) {
      rowPtr[rowId[e[0]] + 1]++;
      colPtr[colId[e[1]] + 1]++;
    }
    for (int i = 0; i < r; i++) {
      rowPtr[i + 1] += rowPtr[i];
    }
    for (int j = 0; j < c; j++) {
      colPtr[j + 1] += colPtr[j];
    }
    int[] byRow = new int[n];
    int[] byCol = new int[n];
    double[] rowValue = new double[n];
    double[] colValue = new double[n];
    int[] rowAt = Arrays.copyOf(rowPtr, r);
    for (int k = 0; k < n; k++) {
      int[] e = edges.get(k);
      int at = rowAt[rowId[e[0]]]++;
      byRow[at] = colId[e[1]];
      rowValue[at] = w[k];
    }
    int[] colAt = Arrays.copyOf(colPtr, c);
    for (int i = 0; i < r; i++) {
      for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        int at = colAt[byRow[k]]++;
        byCol[at] = i;
        colValue[at] = rowValue[k];
      }
    }
    Lines rowLines = new Lines(r, rowPtr, byRow, unit ? null : rowValue, c);
    Lines colLines = new Lines(c, colPtr, byCol, unit ? null : colValue, r);
    return r <= c ? new Lines[] {rowLines, colLines} : new Lines[] {colLines, rowLines};
  }
}
