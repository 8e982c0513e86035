package org.dpop4j.ehcache;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The entry point for adapters that select the replay cache from their own configuration (a
 * servlet init parameter, a JAX-RS property), for example by reflection:
 *
 * <pre>{@code
 * EhcacheReplayCache cache = EhcacheReplayCaches.fromXml("classpath:dpop-ehcache.xml", "dpop-replay");
 * }</pre>
 *
 * The returned cache is {@link AutoCloseable}; close it when the application stops. Adapters
 * configured by {@code dpop.*} settings select it with {@code dpop.replay-cache=ehcache}: see
 * {@link EhcacheReplayCacheFactory}.
 */
public final class EhcacheReplayCaches {

  private static final String CLASSPATH_PREFIX = "classpath:";

  private EhcacheReplayCaches() {}

  /** The cache {@code alias} of the Ehcache XML file at {@code xmlConfiguration}. */
  public static EhcacheReplayCache fromXml(URL xmlConfiguration, String alias) {
    return EhcacheReplayCache.fromXml(xmlConfiguration, alias).build();
  }

  /**
   * Like {@link #fromXml(URL, String)}, the file named by {@code location}: {@code
   * classpath:path/in/the/class/path.xml}, a URL ({@code file:}, {@code https:} ...) or a file
   * system path.
   *
   * @throws IllegalArgumentException if the location names nothing readable
   */
  public static EhcacheReplayCache fromXml(String location, String alias) {
    return fromXml(resolve(location), alias);
  }

  /**
   * Like {@link #fromXml(String, String)}, still refusing proofs issued up to {@code clockSkew}
   * after a loss of state (see {@link EhcacheReplayCache.Settings#clockSkew}).
   */
  public static EhcacheReplayCache fromXml(String location, String alias, Duration clockSkew) {
    return EhcacheReplayCache.fromXml(resolve(location), alias).clockSkew(clockSkew).build();
  }

  static URL resolve(String location) {
    if (location.startsWith(CLASSPATH_PREFIX)) {
      String resource = location.substring(CLASSPATH_PREFIX.length());
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      URL url =
          (loader != null ? loader : EhcacheReplayCaches.class.getClassLoader())
              .getResource(resource.startsWith("/") ? resource.substring(1) : resource);
      if (url == null) {
        throw new IllegalArgumentException("no class path resource " + resource);
      }
      return url;
    }
    try {
      // Two letters at least before the colon: "C:\\x.xml" is a path, not a URL.
      return location.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*")
          ? new URL(location)
          : Path.of(location).toUri().toURL();
    } catch (MalformedURLException | InvalidPathException e) {
      throw new IllegalArgumentException("not a URL or path: " + location, e);
    }
  }
}
