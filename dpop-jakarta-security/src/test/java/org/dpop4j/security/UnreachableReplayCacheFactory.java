package org.dpop4j.security;

import java.util.Set;
import org.dpop4j.core.config.ReplayCacheFactory;
import org.dpop4j.core.config.SettingValues;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;

/**
 * A replay store that is never reachable, registered through ServiceLoader as {@code
 * unreachable} (src/test/resources/META-INF/services), for the fail-closed tests.
 */
public final class UnreachableReplayCacheFactory implements ReplayCacheFactory {

  @Override
  public String name() {
    return "unreachable";
  }

  @Override
  public Set<String> settingNames() {
    return Set.of();
  }

  @Override
  public ReplayCache create(SettingValues settings) {
    return (key, issuedAt, acceptedUntil, now) -> {
      throw new ReplayCacheUnavailableException("unreachable");
    };
  }
}
