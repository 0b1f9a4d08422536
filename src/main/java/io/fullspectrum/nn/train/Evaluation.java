package io.fullspectrum.nn.train;

/** Top-1 accuracy and mean cross-entropy loss over a data set. */
public record Evaluation(double accuracy, double loss, int samples) implements java.io.Serializable {}
