package io.fullspectrum.nn.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Builds the next batches (Java-side augmentation and the copy to the training device) on a background thread while
 * the current batch trains, as PyTorch's DataLoader workers do: on a GPU the step no longer waits for its batch to
 * be assembled and uploaded. The batches and their order are those of the source iterator, which only this thread
 * advances. Close it when stopping early; the thread also ends when the manager its batches belong to is closed.
 */
public final class PrefetchedBatches implements Iterator<Batch>, AutoCloseable {
  private static final Object END = new Object();
  private final BlockingQueue<Object> queue;
  private final NDManager manager;
  private final Thread thread;
  private volatile boolean closed;
  private Object head;

  /** Starts building up to {@code depth} batches of {@code source} ahead. */
  public PrefetchedBatches(Iterator<Batch> source, int depth, NDManager manager) {
    this.queue = new ArrayBlockingQueue<>(depth + 1);
    this.manager = manager;
    this.thread = new Thread(() -> produce(source), "batches-" + manager.getName());
    thread.setDaemon(true);
    thread.start();
  }

  private void produce(Iterator<Batch> source) {
    try {
      while (!closed && source.hasNext()) {
        Batch b = source.next();
        if (!hand(b)) {
          b.close();
          return;
        }
      }
      hand(END);
    } catch (RuntimeException | Error e) {
      hand(e);
    }
  }

  /** Queues an item, giving up when this iterator or the batches' manager is closed. */
  private boolean hand(Object item) {
    try {
      while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        if (closed || !manager.isOpen()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean hasNext() {
    if (head == null) {
      try {
        head = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next batch", e);
      }
    }
    if (head instanceof RuntimeException e) {
      head = END;
      throw e;
    }
    if (head instanceof Error e) {
      head = END;
      throw e;
    }
    return head != END;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Batch b = (Batch) head;
    head = null;
    return b;
  }

  /** Stops the thread and closes the batches it built ahead. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (head instanceof Batch b) {
      b.close();
    }
    head = END;
    for (Object o : queue) {
      if (o instanceof Batch b) {
        b.close();
      }
    }
    queue.clear();
  }
}
