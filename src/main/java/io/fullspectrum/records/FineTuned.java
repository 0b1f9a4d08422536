package io.fullspectrum.records;

import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.schemas.Csv;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuning run's curve: per epoch the training loss, learning rate, and the evaluations on the validation
 * split (NaN without one) and on the test split; and the two ways of picking an epoch from it.
 */
public record FineTuned(List<Epoch> curve) implements Serializable {
  /** One epoch of the curve. */
  public record Epoch(int epoch, double trainLoss, double learningRate, double validationAccuracy,
      double validationLoss, double accuracy, double loss) implements Serializable {
    /** An epoch evaluated on the test split alone (no validation split). */
    public Epoch(int epoch, double trainLoss, double learningRate, double accuracy, double loss) {
      this(epoch, trainLoss, learningRate, Double.NaN, Double.NaN, accuracy, loss);
    }
  }

  /** Writes a curve atomically, one epoch a line, for a resumed fine-tune. */
  public static void writeCurve(Path file, List<Epoch> curve) throws IOException {
    Csv table = Csv.withHeader("epoch", "train_loss", "lr", "test_accuracy", "test_loss", "validation_accuracy",
        "validation_loss");
    for (Epoch e : curve) {
      table.row(e.epoch(), e.trainLoss(), e.learningRate(), e.accuracy(), e.loss(), e.validationAccuracy(),
          e.validationLoss());
    }
    table.write(file);
  }

  /**
   * Reads what {@link #writeCurve} wrote (and the header-less curves of earlier versions, five columns before
   * validation splits).
   */
  public static List<Epoch> parseCurve(String text) {
    List<Epoch> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("epoch,")) {
        List<String> c = Csv.cells(line);
        double va = c.size() > 5 ? Csv.parseNumber(c.get(5)) : Double.NaN;
        double vl = c.size() > 6 ? Csv.parseNumber(c.get(6)) : Double.NaN;
        out.add(new Epoch(Integer.parseInt(c.get(0)), Csv.parseNumber(c.get(1)), Csv.parseNumber(c.get(2)), va, vl,
            Csv.parseNumber(c.get(3)), Csv.parseNumber(c.get(4))));
      }
    }
    return out;
  }

  /** The last epoch's evaluation (or none). */
  public Evaluation last() {
    if (curve.isEmpty()) {
      return new Evaluation(0, 0, 0);
    }
    Epoch e = curve.get(curve.size() - 1);
    return new Evaluation(e.accuracy(), e.loss(), 0);
  }

  /**
   * The epoch the validation split picks: the highest validation accuracy, the earliest of ties (the test split
   * plays no part). Without a validation split, the last epoch. Null for an empty curve.
   */
  public Epoch chosen() {
    Epoch best = null;
    for (Epoch e : curve) {
      if (Double.isNaN(e.validationAccuracy())) {
        return curve.get(curve.size() - 1);
      }
      if (best == null || e.validationAccuracy() > best.validationAccuracy()) {
        best = e;
      }
    }
    return best;
  }

  /**
   * The epoch with the highest test accuracy (the earliest of ties): the authors' choice, which reads the test
   * split to pick, so its accuracy is optimistic. Null for an empty curve.
   */
  public Epoch bestTest() {
    Epoch best = null;
    for (Epoch e : curve) {
      if (best == null || e.accuracy() > best.accuracy()) {
        best = e;
      }
    }
    return best;
  }
}
