package io.fullspectrum.stages;

import ai.djl.Device;
import io.fullspectrum.nn.NetworkSession;
import io.fullspectrum.schemas.NetworkState;

/**
 * A DoFn's network session, opened on the first element and re-opened only when the side input holds another
 * network: a worker draws many masks on one opened network. Checked by identity first (comparing 45 MB of weights
 * per draw cost more than the draw of a random mask). Not thread-safe: one per DoFn instance, as Beam gives.
 */
final class OpenNetwork implements AutoCloseable {
  private NetworkSession session;
  private NetworkState opened;
  private Device openedOn;

  /** The session on {@code state} on {@code device}, opened now if this holder has none on it there. */
  NetworkSession on(NetworkState state, Device device) {
    if (session == null || !device.equals(openedOn) || (state != opened && !state.equals(opened))) {
      close();
      session = NetworkSession.open(state, device);
      opened = state;
      openedOn = device;
    }
    return session;
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
      session = null;
      opened = null;
      openedOn = null;
    }
  }
}
