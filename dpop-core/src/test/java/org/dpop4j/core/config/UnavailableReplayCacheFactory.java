package org.dpop4j.core.config;

import java.time.Instant;
import java.util.function.Function;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;

/**
 * A replay store that is never reachable, registered through ServiceLoader as {@code
 * unreachable}: selecting it must show in the verifier's answers.
 */
public final class UnavailableReplayCacheFactory implements ReplayCacheFactory {

  @Override
  public String name() {
    return "unreachable";
  }

  @Override
  public ReplayCache create(Function<String, String> settings) {
    String reason = settings.apply("dpop.replay-cache.unreachable.reason");
    return new ReplayCache() {
      @Override
      public boolean firstUse(String key, Instant issuedAt, Instant expiresAt)
          throws ReplayCacheUnavailableException {
        throw new ReplayCacheUnavailableException(reason == null ? "unreachable" : reason);
      }
    };
  }
}
