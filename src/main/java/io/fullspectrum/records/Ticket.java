package io.fullspectrum.records;

import io.fullspectrum.schemas.NetworkState;
import java.io.Serializable;

/**
 * What a baseline search (LTH, Early-Bird) hands to fine-tuning: the network with its mask, the training steps the
 * search cost (the paper's argument is cost), and the search's history as CSV text for the run folder.
 */
public record Ticket(String method, NetworkState state, long iterations, String historyCsv) implements Serializable {}
