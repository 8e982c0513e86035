package org.dpop4j.core.config;

import static org.dpop4j.core.config.DpopSettings.REPLAY_CACHE;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the classes settings name: replay cache factories, code bindings, observers. */
final class Plugins {

  static final String MEMORY = "memory";

  private Plugins() {}

  /** The factory {@code choice} names, by its {@link ReplayCacheFactory#name()} or class. */
  static ReplayCacheFactory replayCacheFactory(String choice) {
    List<String> available = new ArrayList<>(List.of(MEMORY));
    for (ReplayCacheFactory factory : ServiceLoader.load(ReplayCacheFactory.class, loader())) {
      if (factory.name().equals(choice)) {
        return factory;
      }
      available.add(factory.name());
    }
    return instantiate(
        REPLAY_CACHE,
        choice,
        ReplayCacheFactory.class,
        REPLAY_CACHE + ": no replay cache factory named '" + choice + "'; available: "
            + available + ", or the class name of a " + ReplayCacheFactory.class.getName());
  }

  /**
   * An instance of the class {@code className}, through its public no-argument constructor.
   *
   * @param notFound the message when there is no such class
   */
  static <T> T instantiate(String setting, String className, Class<T> type, String notFound) {
    Class<?> found;
    try {
      found = Class.forName(className, true, loader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(notFound);
    }
    if (!type.isAssignableFrom(found)) {
      throw new IllegalArgumentException(
          setting + ": " + className + " is not a " + type.getName());
    }
    try {
      return type.cast(found.getConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          setting + ": cannot instantiate " + className
              + " through a public no-argument constructor", e);
    }
  }

  static URI uri(String setting, String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(setting + ": '" + text + "' is not a URI", e);
    }
  }

  /** The web application's loader where there is one, so that its plugins are found. */
  private static ClassLoader loader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : Plugins.class.getClassLoader();
  }
}
