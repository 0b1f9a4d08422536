package io.fullspectrum.config;

/**
 * The validated parameters of an {@code lth}, {@code eb} or {@code itop} run, bound once from the preset: the
 * common keys ({@link CommonConfig}) and the kind's own, each checked with a one-line error naming the key (and the
 * preset file when the value came from it).
 */
public record StudyConfig(String kind, CommonConfig common, Lth lth, EarlyBird eb, Itop itop) {
  /** {@code lth.*}: the share pruned a round, the steps a round trains, the step each round rewinds to. */
  public record Lth(double rate, long roundIterations, long rewindIterations) {}

  /** {@code eb.*}: steps between checks, the cap, the window of masks compared and the distance threshold. */
  public record EarlyBird(long checkEvery, long maxIterations, int window, double threshold) {}

  /** {@code itop.*}: steps between updates, total steps, the share regrown, and whether snapshots are fine-tuned. */
  public record Itop(long updateEvery, long iterations, double deathRate, boolean finetuneSnapshots, String generator) {}

  /**
   * @throws IllegalArgumentException one line naming the key when a value is out of range or the kind unknown
   */
  public static StudyConfig from(Preset p) {
    try {
      return build(p);
    } catch (IllegalArgumentException e) {
      throw p.located(e);
    }
  }

  private static StudyConfig build(Preset p) {
    String kind = p.get("kind");
    CommonConfig common = CommonConfig.from(p);
    switch (kind) {
      case "lth":
        double rate = p.getDouble("lth.rate");
        require(rate > 0 && rate < 1, "lth.rate=" + p.get("lth.rate") + " must lie strictly between 0 and 1");
        return new StudyConfig(kind, common, new Lth(rate, positive(p, "lth.round.iterations"),
            atLeastZero(p, "lth.rewind.iterations")), null, null);
      case "eb":
        int window = p.getInt("eb.window");
        require(window >= 1, "eb.window=" + window + " must be at least 1");
        double threshold = p.getDouble("eb.threshold");
        require(threshold >= 0, "eb.threshold=" + p.get("eb.threshold") + " must not be negative");
        return new StudyConfig(kind, common, null, new EarlyBird(positive(p, "eb.check.every"),
            positive(p, "eb.max.iterations"), window, threshold), null);
      case "itop":
        String mode = p.get("itop.snapshots");
        require(mode.equals("evaluate") || mode.equals("finetune"),
            "itop.snapshots=" + mode + " is not one of evaluate, finetune");
        double death = p.getDouble("itop.death.rate");
        require(death > 0 && death < 1, "itop.death.rate=" + p.get("itop.death.rate")
            + " must lie strictly between 0 and 1");
        return new StudyConfig(kind, common, null, null, new Itop(positive(p, "itop.update.every"),
            positive(p, "itop.iterations"), death, mode.equals("finetune"), p.get("generator")));
      default:
        throw new IllegalArgumentException("kind=" + kind + " is not one of lth, eb, itop");
    }
  }

  private static long positive(Preset p, String key) {
    long v = p.getLong(key);
    require(v >= 1, key + "=" + v + " must be at least 1");
    return v;
  }

  private static long atLeastZero(Preset p, String key) {
    long v = p.getLong(key);
    require(v >= 0, key + "=" + v + " is negative");
    return v;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
