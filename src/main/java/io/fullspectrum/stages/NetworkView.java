package io.fullspectrum.stages;

import io.fullspectrum.schemas.NetworkState;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The network every worker of a stage reads, as a side input. Built with {@link View#asIterable()}, not
 * {@code asSingleton()}: a singleton view goes through a global combine, and Flink's batch runner sorts that
 * combine's records in a managed-memory buffer that a ResNet-18 state (45 MB) does not fit ("Record too large").
 * An iterable view is broadcast as it is.
 */
public final class NetworkView implements Serializable {
  private static final long serialVersionUID = 1L;
  private final PCollectionView<Iterable<NetworkState>> view;

  private NetworkView(PCollectionView<Iterable<NetworkState>> view) {
    this.view = view;
  }

  /** The view of a one-element collection of networks. */
  public static NetworkView of(PCollection<NetworkState> network) {
    return new NetworkView(network.apply("NetworkView", View.asIterable()));
  }

  /** What {@code withSideInputs} takes. */
  public PCollectionView<Iterable<NetworkState>> view() {
    return view;
  }

  /**
   * The one network, read in a DoFn.
   *
   * @throws IllegalStateException when the collection holds no network or more than one
   */
  public NetworkState get(DoFn<?, ?>.ProcessContext context) {
    Iterator<NetworkState> it = context.sideInput(view).iterator();
    if (!it.hasNext()) {
      throw new IllegalStateException("the network side input is empty");
    }
    NetworkState state = it.next();
    if (it.hasNext()) {
      throw new IllegalStateException("the network side input holds more than one network");
    }
    return state;
  }
}
