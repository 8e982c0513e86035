package org.dpop4j.core.config;

import java.util.Set;
import org.dpop4j.core.replay.ReplayCache;

/**
 * Creates a {@link ReplayCache} selected by the {@code dpop.replay-cache} setting, so that an
 * adapter configured by strings (a web.xml, a properties file) can use a store from another
 * module without depending on it. A factory is found by its {@link #name()} through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/org.dpop4j.core.config.ReplayCacheFactory}),
 * or by its class name; it needs a public no-argument constructor.
 *
 * <p>A factory declares its own settings in {@link #settingNames()}, all under {@code
 * dpop.replay-cache.<name>.}: {@link DpopSettings} refuses any other {@code dpop.*} name before it
 * calls {@link #create}, so a misspelt store setting fails the deployment like a misspelt core one.
 * A cache that is {@link AutoCloseable} is closed when the settings are.
 */
public interface ReplayCacheFactory {

  /** The value of {@code dpop.replay-cache} that selects this factory, for example {@code ehcache}. */
  String name();

  /** Every setting this factory reads, full names such as {@code dpop.replay-cache.ehcache.uri}. */
  Set<String> settingNames();

  /**
   * Creates the cache. Called once, when the adapter starts, after every name was checked.
   *
   * @param settings every {@code dpop.*} setting present, with typed readers that name the
   *     setting in their errors; a factory may also read core settings such as {@link
   *     DpopSettings#CLOCK_SKEW_SECONDS}
   * @throws IllegalArgumentException naming the setting, when one of the factory's own is invalid
   */
  ReplayCache create(SettingValues settings);
}
