package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.internal.BuilderContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The builder contract of {@link JwtAccessTokenValidator.Builder}: nulls, ranges, setting twice,
 * conflicts and missing values.
 */
class JwtAccessTokenValidatorBuilderTest
    extends BuilderContractTest<JwtAccessTokenValidator.Builder> {

  static final URI JWKS_URI = URI.create("https://as.example.com/jwks");
  static final String JWKS = "{\"keys\":[]}";

  interface Setter extends UnaryOperator<JwtAccessTokenValidator.Builder> {}

  @Override
  protected JwtAccessTokenValidator.Builder newBuilder() {
    return JwtAccessTokenValidator.builder();
  }

  static JwtAccessTokenValidator.Builder complete() {
    return JwtAccessTokenValidator.builder()
        .issuer("https://as.example.com")
        .audience("https://api.example.com");
  }

  static Stream<Arguments> nulls() {
    return Stream.of(
        Arguments.of("jwksUri", (Setter) b -> b.jwksUri(null)),
        Arguments.of("jwks", (Setter) b -> b.jwks(null)),
        Arguments.of("issuer", (Setter) b -> b.issuer(null)),
        Arguments.of("audience", (Setter) b -> b.audience(null)),
        Arguments.of("audiences", (Setter) b -> b.audiences(null)),
        Arguments.of("algorithms", (Setter) b -> b.algorithms(null)),
        Arguments.of("tokenTypes", (Setter) b -> b.tokenTypes(null)),
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(null)),
        Arguments.of("jwksCacheDuration", (Setter) b -> b.jwksCacheDuration(null)),
        Arguments.of("minimumRefreshInterval", (Setter) b -> b.minimumRefreshInterval(null)),
        Arguments.of("httpTimeout", (Setter) b -> b.httpTimeout(null)),
        Arguments.of("clock", (Setter) b -> b.clock(null)));
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(Duration.ofSeconds(-1))),
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(Duration.ofMinutes(6))),
        Arguments.of("jwksCacheDuration", (Setter) b -> b.jwksCacheDuration(Duration.ZERO)),
        Arguments.of("jwksCacheDuration", (Setter) b -> b.jwksCacheDuration(Duration.ofDays(2))),
        Arguments.of("minimumRefreshInterval", (Setter) b -> b.minimumRefreshInterval(Duration.ofMillis(-1))),
        Arguments.of("minimumRefreshInterval", (Setter) b -> b.minimumRefreshInterval(Duration.ofHours(2))),
        Arguments.of("httpTimeout", (Setter) b -> b.httpTimeout(Duration.ZERO)),
        Arguments.of("httpTimeout", (Setter) b -> b.httpTimeout(Duration.ofMinutes(6))),
        Arguments.of("audience", (Setter) b -> b.audiences(List.of())),
        Arguments.of("audience", (Setter) b -> b.audiences(List.of(" "))),
        Arguments.of("token algorithm", (Setter) b -> b.algorithms(Set.of())),
        Arguments.of("ML-DSA-44", (Setter) b -> b.algorithms(Set.of(JwsAlgorithm.ML_DSA_44))),
        Arguments.of("token type", (Setter) b -> b.tokenTypes(List.of())),
        Arguments.of("one word", (Setter) b -> b.tokenTypes(List.of("at jwt"))));
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("jwksUri", (Setter) b -> b.jwksUri(JWKS_URI)),
        Arguments.of("allowInsecureJwksUri", (Setter) b -> b.allowInsecureJwksUri(false)),
        Arguments.of("jwks", (Setter) b -> b.jwks(JWKS)),
        Arguments.of("issuer", (Setter) b -> b.issuer("https://as.example.com")),
        Arguments.of("audience", (Setter) b -> b.audience("https://api.example.com")),
        Arguments.of("algorithms", (Setter) b -> b.algorithms(Set.of(JwsAlgorithm.ES256))),
        Arguments.of("tokenTypes", (Setter) b -> b.tokenTypes(List.of("at+jwt"))),
        Arguments.of("allowedClockSkew", (Setter) b -> b.allowedClockSkew(Duration.ZERO)),
        Arguments.of("jwksCacheDuration", (Setter) b -> b.jwksCacheDuration(Duration.ofMinutes(1))),
        Arguments.of("minimumRefreshInterval", (Setter) b -> b.minimumRefreshInterval(Duration.ZERO)),
        Arguments.of("httpTimeout", (Setter) b -> b.httpTimeout(Duration.ofSeconds(1))),
        Arguments.of("clock", (Setter) b -> b.clock(Clock.systemUTC())));
  }

  @Test
  void missingValuesAreRefusedAtBuild() {
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().jwks(JWKS).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("issuer and audience");
    assertThatThrownBy(() -> complete().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one of jwksUri and jwks");
  }

  @Test
  void bothKeySourcesAreRefusedAtBuild() {
    assertThatThrownBy(() -> complete().jwksUri(JWKS_URI).jwks(JWKS).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one of jwksUri and jwks");
  }

  static Stream<Arguments> fetchingOptions() {
    return Stream.of(
        Arguments.of("allowInsecureJwksUri", (Setter) b -> b.allowInsecureJwksUri(true)),
        Arguments.of("jwksCacheDuration", (Setter) b -> b.jwksCacheDuration(Duration.ofMinutes(1))),
        Arguments.of("minimumRefreshInterval", (Setter) b -> b.minimumRefreshInterval(Duration.ZERO)),
        Arguments.of("httpTimeout", (Setter) b -> b.httpTimeout(Duration.ofSeconds(1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fetchingOptions")
  void anOptionOfFetchingIsRefusedWithInlineKeys(String option, Setter setter) {
    assertThatThrownBy(() -> setter.apply(complete().jwks(JWKS)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(option + " applies with jwksUri");
  }

  @Test
  void aCompleteBuilderBuilds() {
    assertThatCode(() -> complete().jwks(JWKS).build()).doesNotThrowAnyException();
    assertThatCode(
            () ->
                complete()
                    .jwksUri(JWKS_URI)
                    .jwksCacheDuration(Duration.ofSeconds(1))
                    .minimumRefreshInterval(Duration.ofHours(1))
                    .httpTimeout(Duration.ofMinutes(5))
                    .allowedClockSkew(Duration.ofMinutes(5))
                    .build())
        .doesNotThrowAnyException();
  }
}
