package io.fullspectrum.stages;

import io.fullspectrum.nn.train.Evaluation;
import io.fullspectrum.schemas.AtomicFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A fine-tuning run's curve: per epoch the training loss, learning rate and held-out evaluation. */
public record FineTuned(List<Epoch> curve) implements Serializable {
  /** One epoch of the curve. */
  public record Epoch(int epoch, double trainLoss, double learningRate, double accuracy, double loss)
      implements Serializable {}

  /** Writes a curve atomically, one epoch a line, for a resumed fine-tune. */
  static void writeCurve(Path file, List<Epoch> curve) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Epoch e : curve) {
      text.append(e.epoch()).append(',').append(e.trainLoss()).append(',').append(e.learningRate()).append(',')
          .append(e.accuracy()).append(',').append(e.loss()).append('\n');
    }
    AtomicFiles.writeString(file, text.toString());
  }

  static List<Epoch> parseCurve(String text) {
    List<Epoch> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        String[] c = line.split(",");
        out.add(new Epoch(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
            Double.parseDouble(c[3]), Double.parseDouble(c[4])));
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
}
