package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.internal.BuilderContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The builder contract of {@link IntrospectionAccessTokenValidator.Builder}: nulls, ranges,
 * setting twice and missing values.
 */
class IntrospectionAccessTokenValidatorBuilderTest
    extends BuilderContractTest<IntrospectionAccessTokenValidator.Builder> {

  static final URI ENDPOINT = URI.create("https://as.example.com/introspect");

  interface Setter extends UnaryOperator<IntrospectionAccessTokenValidator.Builder> {}

  @Override
  protected IntrospectionAccessTokenValidator.Builder newBuilder() {
    return IntrospectionAccessTokenValidator.builder();
  }

  static Stream<Arguments> nulls() {
    return Stream.of(
        Arguments.of("endpoint", (Setter) b -> b.endpoint(null, "rs", "secret")),
        Arguments.of("clientId", (Setter) b -> b.endpoint(ENDPOINT, null, "secret")),
        Arguments.of("clientSecret", (Setter) b -> b.endpoint(ENDPOINT, "rs", null)),
        Arguments.of("httpClient", (Setter) b -> b.httpClient(null)),
        Arguments.of("timeout", (Setter) b -> b.timeout(null)),
        Arguments.of("maxCacheDuration", (Setter) b -> b.maxCacheDuration(null)),
        Arguments.of("audience", (Setter) b -> b.audience(null)),
        Arguments.of("audiences", (Setter) b -> b.audiences(null)),
        Arguments.of("negativeCacheDuration", (Setter) b -> b.negativeCacheDuration(null)),
        Arguments.of("clock", (Setter) b -> b.clock(null)),
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(null)),
        Arguments.of("observer", (Setter) b -> b.observer(null)));
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("timeout", (Setter) b -> b.timeout(Duration.ZERO)),
        Arguments.of("timeout", (Setter) b -> b.timeout(Duration.ofMinutes(6))),
        Arguments.of("maxCacheDuration", (Setter) b -> b.maxCacheDuration(Duration.ofSeconds(-1))),
        Arguments.of("maxCacheDuration", (Setter) b -> b.maxCacheDuration(Duration.ofDays(2))),
        Arguments.of("maxCacheEntries", (Setter) b -> b.maxCacheEntries(0)),
        Arguments.of("maxCacheEntries", (Setter) b -> b.maxCacheEntries(10_000_001)),
        Arguments.of("negativeCacheDuration", (Setter) b -> b.negativeCacheDuration(Duration.ofSeconds(-1))),
        Arguments.of("negativeCacheDuration", (Setter) b -> b.negativeCacheDuration(Duration.ofMinutes(2))),
        Arguments.of("maxNegativeCacheEntries", (Setter) b -> b.maxNegativeCacheEntries(0)),
        Arguments.of("maxNegativeCacheEntries", (Setter) b -> b.maxNegativeCacheEntries(10_000_001)),
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(Duration.ofSeconds(-1))),
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(Duration.ofMinutes(6))),
        Arguments.of("audience", (Setter) b -> b.audiences(List.of())));
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("endpoint", (Setter) b -> b.endpoint(ENDPOINT, "rs", "secret")),
        Arguments.of("httpClient", (Setter) b -> b.httpClient(HttpClient.newHttpClient())),
        Arguments.of("timeout", (Setter) b -> b.timeout(Duration.ofSeconds(1))),
        Arguments.of("maxCacheDuration", (Setter) b -> b.maxCacheDuration(Duration.ZERO)),
        Arguments.of("audience", (Setter) b -> b.audience("https://api.example.com")),
        Arguments.of("maxCacheEntries", (Setter) b -> b.maxCacheEntries(1)),
        Arguments.of("negativeCacheDuration", (Setter) b -> b.negativeCacheDuration(Duration.ZERO)),
        Arguments.of("maxNegativeCacheEntries", (Setter) b -> b.maxNegativeCacheEntries(1)),
        Arguments.of("clock", (Setter) b -> b.clock(Clock.systemUTC())),
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(Duration.ZERO)),
        Arguments.of("allowInsecureEndpoint", (Setter) b -> b.allowInsecureEndpoint(false)),
        Arguments.of("observer", (Setter) b -> b.observer(DpopObserver.NONE)));
  }

  @Test
  void theEndpointIsRequiredAtBuild() {
    assertThatThrownBy(() -> IntrospectionAccessTokenValidator.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("endpoint is required");
  }

  @Test
  void theLimitsOfEachRangeAreAccepted() {
    assertThatCode(
            () ->
                IntrospectionAccessTokenValidator.builder()
                    .endpoint(ENDPOINT, "rs", "secret")
                    .timeout(Duration.ofMinutes(5))
                    .maxCacheDuration(Duration.ofDays(1))
                    .maxCacheEntries(10_000_000)
                    .negativeCacheDuration(Duration.ofMinutes(1))
                    .maxNegativeCacheEntries(1)
                    .allowedClockSkew(Duration.ofMinutes(5))
                    .build())
        .doesNotThrowAnyException();
  }
}
