package org.dpop4j.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.VerifiedProof;

/**
 * Records DPoP outcomes in a Micrometer {@link MeterRegistry}:
 *
 * <ul>
 *   <li>{@value #VERIFICATIONS}, a counter tagged {@code outcome} ({@code accepted} or {@code
 *       refused}), {@code reason} (a {@link RefusalReason} name, {@code none} when accepted) and
 *       {@code error} (the {@code error} code sent, {@code none} when accepted or when the
 *       challenge carries none: {@code MISSING_CREDENTIALS}, {@code
 *       UNSUPPORTED_AUTHORIZATION_SCHEME}). Replay hits are
 *       {@code reason=REPLAYED_PROOF}, nonce challenges {@code error=use_dpop_nonce}, an
 *       unavailable or full replay store {@code reason=REPLAY_STORE_UNAVAILABLE};
 *   <li>{@value #DURATION}, a timer of each verification tagged {@code outcome};
 *   <li>{@value #TOKEN_CACHE}, a counter of {@code ValidatedTokenCache} lookups tagged {@code
 *       result} ({@code hit} or {@code miss}), when the cache is given this observer.
 * </ul>
 *
 * Every series exists from the start at zero, so alerts on a rate need no first event. Tags are
 * fixed names only, never request data. Micrometer is an optional dependency of dpop-core: add
 * {@code io.micrometer:micrometer-core} to use this class.
 *
 * <pre>{@code
 * DpopVerifier verifier = DpopVerifier.builder()
 *     .observer(new MicrometerDpopObserver(meterRegistry))
 *     .build();
 * }</pre>
 */
@SuppressWarnings("exports") // MeterRegistry: Micrometer is optional, its users require it
public final class MicrometerDpopObserver implements DpopObserver {

  /** The counter of verifications by outcome, reason and error. */
  public static final String VERIFICATIONS = "dpop.verifications";

  /** The timer of verifications by outcome. */
  public static final String DURATION = "dpop.verification.duration";

  /** The counter of validated-token cache lookups by result. */
  public static final String TOKEN_CACHE = "dpop.token.cache";

  private static final String NONE = "none";

  private final Counter accepted;
  private final Map<RefusalReason, Counter> refusedByReason = new EnumMap<>(RefusalReason.class);
  private final Timer acceptedDuration;
  private final Timer refusedDuration;
  private final Counter tokenCacheHits;
  private final Counter tokenCacheMisses;

  /** Registers the meters in {@code registry}. */
  public MicrometerDpopObserver(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** Registers the meters in {@code registry} with {@code commonTags} added, e.g. a filter name. */
  public MicrometerDpopObserver(MeterRegistry registry, Iterable<Tag> commonTags) {
    Objects.requireNonNull(registry, "registry");
    Tags tags = Tags.of(commonTags);
    accepted =
        Counter.builder(VERIFICATIONS)
            .description("DPoP verifications by outcome")
            .tags(tags.and("outcome", "accepted", "reason", NONE, "error", NONE))
            .register(registry);
    for (RefusalReason reason : RefusalReason.values()) {
      refusedByReason.put(
          reason,
          Counter.builder(VERIFICATIONS)
              .description("DPoP verifications by outcome")
              .tags(
                  tags.and(
                      "outcome", "refused",
                      "reason", reason.name(),
                      "error", errorSent(reason)))
              .register(registry));
    }
    acceptedDuration = timer(registry, tags, "accepted");
    refusedDuration = timer(registry, tags, "refused");
    tokenCacheHits = tokenCacheCounter(registry, tags, "hit");
    tokenCacheMisses = tokenCacheCounter(registry, tags, "miss");
  }

  private static Counter tokenCacheCounter(MeterRegistry registry, Tags tags, String result) {
    return Counter.builder(TOKEN_CACHE)
        .description("Validated access token cache lookups by result")
        .tags(tags.and("result", result))
        .register(registry);
  }

  /** The {@code error} code the refusal sends; {@code none} for a challenge without one. */
  private static String errorSent(RefusalReason reason) {
    return reason.lacksUsableCredentials() ? NONE : reason.error().code();
  }

  private static Timer timer(MeterRegistry registry, Tags tags, String outcome) {
    return Timer.builder(DURATION)
        .description("Time to verify a DPoP request")
        .tags(tags.and("outcome", outcome))
        .register(registry);
  }

  @Override
  public void accepted(VerifiedProof proof, Duration elapsed) {
    accepted.increment();
    acceptedDuration.record(elapsed);
  }

  @Override
  public void refused(RefusalReason reason, Duration elapsed) {
    refusedByReason.get(reason).increment();
    refusedDuration.record(elapsed);
  }

  @Override
  public void tokenCacheHit() {
    tokenCacheHits.increment();
  }

  @Override
  public void tokenCacheMiss() {
    tokenCacheMisses.increment();
  }
}
