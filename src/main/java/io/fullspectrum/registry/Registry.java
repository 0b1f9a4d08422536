package io.fullspectrum.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Named entries of one kind (architectures, data sets), in registration order: the shipped ones registered in
 * code, a user's own from {@code META-INF/services} (found in every JVM that has the jar, cluster workers included)
 * or by {@link #register}. A services entry that cannot be loaded is one line naming the file and the class, the
 * first time the registry is asked, not an error in a static initialiser.
 */
public final class Registry<T> {
  private final String kind;
  private final Function<T, String> nameOf;
  private final BiFunction<String, List<String>, String> unknown;
  private final Map<String, T> entries = new LinkedHashMap<>();
  /** Why an entry named in META-INF/services could not be registered (null: all were). */
  private String loadError;

  /**
   * @param kind what an entry is, for messages ("architecture")
   * @param nameOf an entry's name
   * @param unknown the message for an unknown name, given the name and the registered ones
   */
  public Registry(String kind, Function<T, String> nameOf, BiFunction<String, List<String>, String> unknown) {
    this.kind = kind;
    this.nameOf = nameOf;
    this.unknown = unknown;
  }

  /** Registers every {@code service} named in the class path's {@code META-INF/services}, by {@code loader}. */
  public synchronized Registry<T> withServices(Class<T> service, ClassLoader loader) {
    try {
      for (T entry : ServiceLoader.load(service, loader)) {
        register(entry);
      }
    } catch (ServiceConfigurationError | IllegalArgumentException e) {
      loadError = "META-INF/services/" + service.getName() + ": " + e.getMessage();
    }
    return this;
  }

  /**
   * Adds an entry under its name.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public synchronized void register(T entry) {
    String name = nameOf.apply(entry);
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException(kind + " " + name + " is already registered");
    }
    entries.put(name, entry);
  }

  /**
   * The entry registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown name and the registered ones
   */
  public synchronized T get(String name) {
    checkLoaded();
    T entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(unknown.apply(name, names()));
    }
    return entry;
  }

  /** The registered names, in registration order. */
  public synchronized List<String> names() {
    checkLoaded();
    return new ArrayList<>(entries.keySet());
  }

  /** Every registered entry, in registration order. */
  public synchronized List<T> all() {
    checkLoaded();
    return new ArrayList<>(entries.values());
  }

  private void checkLoaded() {
    if (loadError != null) {
      throw new IllegalArgumentException(loadError);
    }
  }
}
