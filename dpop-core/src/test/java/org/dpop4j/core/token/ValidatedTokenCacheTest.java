package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.metrics.MicrometerDpopObserver;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestTokens;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/** What a {@link ValidatedTokenCache} in front of a validator accepts, refuses and remembers. */
class ValidatedTokenCacheTest {

  static final TestTokens AUTHORIZATION_SERVER = TestTokens.generate();

  final TestClock clock = TestClock.startingNow();
  final List<String> validated = new ArrayList<>();

  /** Accepts tokens starting with "good", expiring {@code lifetime} after now; counts its calls. */
  AccessTokenValidator counting(Duration lifetime) {
    return token -> {
      validated.add(token);
      if (!token.startsWith("good")) {
        throw new DpopException(RefusalReason.TOKEN_INVALID);
      }
      return AccessToken.builder("alice").expiresAt(clock.instant().plus(lifetime)).build();
    };
  }

  ValidatedTokenCache cache(int entries, Duration maximum) {
    return ValidatedTokenCache.builder()
        .maximumEntries(entries)
        .maximumDuration(maximum)
        .clock(clock)
        .build();
  }

  @Test
  void aTokenSentAgainIsValidatedOnce() throws Exception {
    ValidatedTokenCache cache = cache(10, Duration.ofMinutes(5));
    AccessTokenValidator tokens = cache.cachingValidator(counting(Duration.ofMinutes(1)));

    AccessToken first = tokens.validate("good-1");
    AccessToken second = tokens.validate("good-1");

    assertThat(second).isSameAs(first);
    assertThat(validated).containsExactly("good-1");
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void tamperedTokenIsNotServedFromTheCacheOfTheOriginal() throws Exception {
    JwtAccessTokenValidator jwt =
        JwtAccessTokenValidator.builder()
            .jwks(AUTHORIZATION_SERVER.jwksJson())
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .clock(clock)
            .build();
    AccessTokenValidator tokens = cache(10, Duration.ofMinutes(5)).cachingValidator(jwt);
    String token = AUTHORIZATION_SERVER.boundToken("alice", "jkt-of-alice", "read");
    tokens.validate(token);

    String[] parts = token.split("\\.");
    String otherClaims =
        AUTHORIZATION_SERVER.boundToken("mallory", "jkt-of-mallory", "admin").split("\\.")[1];
    String tampered = parts[0] + "." + otherClaims + "." + parts[2];

    assertThatThrownBy(() -> tokens.validate(tampered))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_BAD_SIGNATURE));
    assertThat(tokens.validate(token).subject()).isEqualTo("alice");
  }

  @Test
  void refusedTokenIsRefusedEveryTimeNeverCached() {
    ValidatedTokenCache cache = cache(10, Duration.ofMinutes(5));
    AccessTokenValidator tokens = cache.cachingValidator(counting(Duration.ofMinutes(1)));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> tokens.validate("forged")).isInstanceOf(DpopException.class);
    }

    assertThat(validated).hasSize(3);
    assertThat(cache.size()).isZero();
  }

  @Test
  void expiredTokenIsValidatedAgainAlthoughItWasCached() throws Exception {
    JwtAccessTokenValidator jwt =
        JwtAccessTokenValidator.builder()
            .jwks(AUTHORIZATION_SERVER.jwksJson())
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .allowedClockSkew(Duration.ZERO)
            .clock(clock)
            .build();
    AccessTokenValidator tokens = cache(10, Duration.ofHours(1)).cachingValidator(jwt);
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TestTokens.ISSUER);
    claims.setAudience(TestTokens.AUDIENCE);
    claims.setSubject("alice");
    claims.setExpirationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond() + 60));
    claims.setClaim("cnf", Map.of("jkt", "jkt-of-alice"));
    String token = AUTHORIZATION_SERVER.sign(claims);
    tokens.validate(token);

    clock.advance(Duration.ofSeconds(61));

    assertThatThrownBy(() -> tokens.validate(token))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_EXPIRED));
  }

  @Test
  void anEntryLivesNoLongerThanTheMaximumDuration() throws Exception {
    AccessTokenValidator tokens =
        cache(10, Duration.ofSeconds(30)).cachingValidator(counting(Duration.ofHours(1)));
    tokens.validate("good-1");
    clock.advance(Duration.ofSeconds(29));
    tokens.validate("good-1");
    clock.advance(Duration.ofSeconds(1));
    tokens.validate("good-1");

    assertThat(validated).containsExactly("good-1", "good-1");
  }

  @Test
  void aTokenExpiringBeforeTheMaximumDurationLeavesAtItsExpiry() throws Exception {
    AccessTokenValidator tokens =
        cache(10, Duration.ofHours(1)).cachingValidator(counting(Duration.ofSeconds(10)));
    tokens.validate("good-1");
    clock.advance(Duration.ofSeconds(10));
    tokens.validate("good-1");

    assertThat(validated).hasSize(2);
  }

  @Test
  void aZeroMaximumDurationCachesNothing() throws Exception {
    ValidatedTokenCache cache = cache(10, Duration.ZERO);
    AccessTokenValidator tokens = cache.cachingValidator(counting(Duration.ofMinutes(1)));
    tokens.validate("good-1");
    tokens.validate("good-1");

    assertThat(validated).hasSize(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void aFloodOfTokensCannotGrowTheCachePastItsMaximum() throws Exception {
    ValidatedTokenCache cache = cache(100, Duration.ofMinutes(5));
    AccessTokenValidator tokens = cache.cachingValidator(counting(Duration.ofMinutes(1)));
    tokens.validate("good-steady");
    for (int i = 0; i < 1_000; i++) {
      tokens.validate("good-flood-" + i);
      if (i % 10 == 0) {
        tokens.validate("good-steady");
      }
    }

    assertThat(cache.size()).isEqualTo(100);
    assertThat(validated.stream().filter("good-steady"::equals)).hasSize(1);
  }

  @Test
  void hitsAndMissesReachMicrometer() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AccessTokenValidator tokens =
        ValidatedTokenCache.builder()
            .clock(clock)
            .observer(new MicrometerDpopObserver(registry))
            .build()
            .cachingValidator(counting(Duration.ofMinutes(1)));
    tokens.validate("good-1");
    tokens.validate("good-1");
    tokens.validate("good-1");

    assertThat(registry.counter(MicrometerDpopObserver.TOKEN_CACHE, "result", "hit").count())
        .isEqualTo(2);
    assertThat(registry.counter(MicrometerDpopObserver.TOKEN_CACHE, "result", "miss").count())
        .isEqualTo(1);
  }

  @Test
  void builderRefusesUnboundedOrEmptySettings() {
    assertThatThrownBy(() -> ValidatedTokenCache.builder().maximumEntries(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidatedTokenCache.builder().maximumDuration(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidatedTokenCache.builder().maximumDuration(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidatedTokenCache.builder().observer(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("observer");
  }
}
