package org.dpop4j.core.config;

import java.util.function.Function;
import org.dpop4j.core.replay.ReplayCache;

/**
 * Creates a {@link ReplayCache} selected by the {@code dpop.replay-cache} setting, so that an
 * adapter configured by strings (a web.xml, a properties file) can use a store from another
 * module without depending on it. A factory is found by its {@link #name()} through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/org.dpop4j.core.config.ReplayCacheFactory}),
 * or by its class name; it needs a public no-argument constructor.
 */
public interface ReplayCacheFactory {

  /** The value of {@code dpop.replay-cache} that selects this factory, for example {@code ehcache}. */
  String name();

  /**
   * Creates the cache. Called once, when the adapter starts.
   *
   * @param settings every setting by name; a factory reads its own under {@code
   *     dpop.replay-cache.<name>.}; absent settings are {@code null}
   * @throws IllegalArgumentException naming the setting, when one of the factory's own is invalid
   */
  ReplayCache create(Function<String, String> settings);
}
