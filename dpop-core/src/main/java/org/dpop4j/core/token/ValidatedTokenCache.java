package org.dpop4j.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.internal.BuilderOptions;
import org.dpop4j.core.internal.Digests;

/**
 * Access tokens that passed validation, so that a client sending the same token request after
 * request costs one signature check (or one introspection call) instead of one per request.
 *
 * <ul>
 *   <li>Keyed by the SHA-256 of the token: the token itself is never kept, and any other text,
 *       however similar, is another entry. Only validated tokens enter; a refusal is never
 *       remembered here, so a cache can only repeat an acceptance, never turn a refusal into one.
 *   <li>An entry lives until the token's {@code exp}, and never longer than {@link
 *       Builder#maximumDuration} after it was validated; every hit checks both against the {@link
 *       Builder#clock}, so an expired token is validated again (and refused) rather than served.
 *   <li>Bounded in entries ({@link Builder#maximumEntries}), least recently used dropped first;
 *       no background thread: expired entries go when they are looked up or pushed out.
 *   <li>Hits and misses are counted ({@link #hits()}, {@link #misses()}) and told to the {@link
 *       Builder#observer}, such as {@code MicrometerDpopObserver}.
 * </ul>
 *
 * <p>Revocation: a JWT access token is self-contained, its signature and {@code exp} are all a
 * resource server can check, so caching it revokes nothing later than before. An introspection
 * answer, however, is reused for up to {@link Builder#maximumDuration}: a token revoked at the
 * authorization server is still accepted that long. Choose it as the revocation delay you accept.
 *
 * <pre>{@code
 * AccessTokenValidator tokens = ValidatedTokenCache.builder().build()
 *     .cachingValidator(JwtAccessTokenValidator.builder()...build());
 * }</pre>
 */
public final class ValidatedTokenCache {

  private final int maximumEntries;
  private final Duration maximumDuration;
  private final Clock clock;
  private final DpopObserver observer;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  // Access-ordered, eldest first; guarded by itself.
  private final LinkedHashMap<String, Entry> entries;

  private record Entry(AccessToken token, Instant until) {}

  private ValidatedTokenCache(Builder builder) {
    this.maximumEntries = builder.maximumEntries;
    this.maximumDuration = builder.maximumDuration;
    this.clock = builder.clock;
    this.observer = builder.observer;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maximumEntries;
          }
        };
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A validator that answers from this cache and asks {@code validator} on a miss, remembering
   * what it accepts. Each request still gets its own expiry check, on every hit.
   */
  public AccessTokenValidator cachingValidator(AccessTokenValidator validator) {
    Objects.requireNonNull(validator, "validator");
    return accessToken -> validate(accessToken, validator);
  }

  /** The cached token, or else the one {@code validator} accepts, which is then cached. */
  AccessToken validate(String accessToken, AccessTokenValidator validator) throws DpopException {
    String key = keyOf(accessToken);
    AccessToken cached = lookup(key);
    if (cached != null) {
      return cached;
    }
    AccessToken validated = validator.validate(accessToken);
    remember(key, validated);
    return validated;
  }

  /** The token's key in this cache: its SHA-256, base64url. */
  static String keyOf(String accessToken) {
    return Digests.sha256Base64Url(accessToken);
  }

  /** The token cached under {@code key} that has not expired yet, or null: a miss. */
  AccessToken lookup(String key) {
    Instant now = clock.instant();
    AccessToken found = null;
    synchronized (entries) {
      Entry entry = entries.get(key);
      if (entry != null) {
        if (now.isBefore(entry.until()) && notExpired(entry.token(), now)) {
          found = entry.token();
        } else {
          entries.remove(key);
        }
      }
    }
    count(found != null);
    return found;
  }

  /** Caches {@code token}, which has just been validated, unless it has expired already. */
  void remember(String key, AccessToken token) {
    Instant now = clock.instant();
    Instant limit = now.plus(maximumDuration);
    Instant until = token.expiresAt().filter(limit::isAfter).orElse(limit);
    if (!now.isBefore(until)) {
      return;
    }
    synchronized (entries) {
      entries.put(key, new Entry(token, until));
    }
  }

  private static boolean notExpired(AccessToken token, Instant now) {
    return token.expiresAt().map(now::isBefore).orElse(true);
  }

  private void count(boolean hit) {
    (hit ? hits : misses).increment();
    try {
      if (hit) {
        observer.tokenCacheHit();
      } else {
        observer.tokenCacheMiss();
      }
    } catch (RuntimeException e) {
      // Metrics must not decide a request.
    }
  }

  /** Lookups answered from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** Lookups that had to validate the token. */
  public long misses() {
    return misses.sum();
  }

  /** Entries held, expired ones not yet removed included; never more than the maximum. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** Configures a {@link ValidatedTokenCache}. Each option may be set once. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private int maximumEntries = 10_000;
    private Duration maximumDuration = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();
    private DpopObserver observer = DpopObserver.NONE;

    private Builder() {}

    /**
     * How many tokens are kept; least recently used ones are dropped. Default 10,000; 1 to
     * 10,000,000.
     */
    public Builder maximumEntries(int entries) {
      this.maximumEntries = options.setWithin("maximumEntries", entries, 1, 10_000_000);
      return this;
    }

    /**
     * The longest a validation is reused, even for a token that expires later: for introspection
     * the longest a revoked token is still accepted. Zero caches nothing. Default 5 min, at most
     * 1 day.
     */
    public Builder maximumDuration(Duration duration) {
      this.maximumDuration =
          options.setWithin("maximumDuration", duration, Duration.ZERO, Duration.ofDays(1));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    /** Told of every hit and miss. Default: none. */
    public Builder observer(DpopObserver observer) {
      this.observer = options.set("observer", observer);
      return this;
    }

    public ValidatedTokenCache build() {
      return new ValidatedTokenCache(this);
    }
  }
}
