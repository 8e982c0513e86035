package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JWT access tokens checked against a JWKS served over real HTTP. */
class JwtAccessTokenValidatorTest {

  HttpServer server;
  AtomicReference<String> publishedJwks = new AtomicReference<>();
  AtomicInteger jwksFetches = new AtomicInteger();
  URI jwksUri;

  @BeforeEach
  void startJwksServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          byte[] body = publishedJwks.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    jwksUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  JwtAccessTokenValidator validator(TestClock clock) {
    return JwtAccessTokenValidator.builder()
        .jwksUri(jwksUri)
        .issuer(TestTokens.ISSUER)
        .audience(TestTokens.AUDIENCE)
        .minimumRefreshInterval(Duration.ZERO)
        .clock(clock)
        .build();
  }

  @Test
  void readsSubjectScopesAndBinding() throws Exception {
    TestTokens as = TestTokens.generate();
    publishedJwks.set(as.jwksJson());

    var token = validator(TestClock.startingNow()).validate(as.boundToken("alice", "jkt-1", "a b"));

    assertThat(token.subject()).isEqualTo("alice");
    assertThat(token.scopes()).containsExactlyInAnyOrder("a", "b");
    assertThat(token.boundThumbprint()).contains("jkt-1");
    assertThat(token.expiresAt()).isPresent();
  }

  @Test
  void keyRotationIsPickedUpOnAnUnknownKid() throws Exception {
    TestTokens before = TestTokens.generate();
    publishedJwks.set(before.jwksJson());
    JwtAccessTokenValidator validator = validator(TestClock.startingNow());
    validator.validate(before.boundToken("alice", "jkt", "a"));
    validator.validate(before.boundToken("alice", "jkt", "a"));
    assertThat(jwksFetches).hasValue(1);

    TestTokens after = TestTokens.generate();
    publishedJwks.set(after.jwksJson());

    assertThat(validator.validate(after.boundToken("bob", "jkt", "a")).subject()).isEqualTo("bob");
    assertThat(jwksFetches).hasValue(2);
  }

  @Test
  void expiredTokenIsRefusedAsExpired() {
    TestTokens as = TestTokens.generate();
    publishedJwks.set(as.jwksJson());
    TestClock clock = TestClock.startingNow();
    String token = as.boundToken("alice", "jkt", "a");
    clock.advance(Duration.ofMinutes(10));

    assertThatThrownBy(() -> validator(clock).validate(token))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_EXPIRED));
  }

  @Test
  void wrongAudienceIsRefused() {
    TestTokens as = TestTokens.generate();
    publishedJwks.set(as.jwksJson());
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TestTokens.ISSUER);
    claims.setAudience("https://another-api.example");
    claims.setSubject("alice");
    claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 60));

    assertThatThrownBy(() -> validator(TestClock.startingNow()).validate(as.sign(claims)))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_AUDIENCE_MISMATCH));
  }

  @Test
  void malformedConfirmationIsNotMistakenForAnUnboundToken() {
    TestTokens as = TestTokens.generate();
    publishedJwks.set(as.jwksJson());
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TestTokens.ISSUER);
    claims.setAudience(TestTokens.AUDIENCE);
    claims.setSubject("alice");
    claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 60));
    claims.setClaim("cnf", java.util.Map.of("x5t#S256", "abc"));

    assertThatThrownBy(() -> validator(TestClock.startingNow()).validate(as.sign(claims)))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INVALID));
  }

  /** An ID token or other JWT from the same issuer key must not pass as an access token. */
  @Test
  void jwtThatIsNotAnAccessTokenIsRefused() throws Exception {
    TestTokens as = TestTokens.generate();
    publishedJwks.set(as.jwksJson());
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TestTokens.ISSUER);
    claims.setAudience(TestTokens.AUDIENCE);
    claims.setSubject("alice");
    claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 60));
    claims.setClaim("cnf", java.util.Map.of("jkt", "jkt"));

    assertThatThrownBy(() -> validator(TestClock.startingNow()).validate(as.sign(claims, "JWT")))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_TYPE_NOT_ACCEPTED));
  }

  @Test
  void unreachableJwksIsUnavailableNotInvalid() {
    TestTokens as = TestTokens.generate();
    server.stop(0);

    assertThatThrownBy(() -> validator(TestClock.startingNow()).validate(as.boundToken("a", "j", "s")))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE));
  }

  @Test
  void symmetricTokenAlgorithmsCannotBeConfigured() {
    assertThat(JwsAlgorithm.fromJoseName("HS256")).isEmpty();
    assertThat(JwtAccessTokenValidator.DEFAULT_ALGORITHMS)
        .extracting(JwsAlgorithm::keyType)
        .doesNotContain("oct");
  }

  /**
   * A token-signing key with a 3071-bit exponent would make every token cost 10-13 ms to check.
   * The token is signed for real: only the key rule refuses it.
   */
  @Test
  void tokenSigningKeyWithHugeExponentIsRefusedBeforeVerifying() throws Exception {
    TestTokens huge =
        TestTokens.of(
            TestKey.rsaKeyPair(3072, java.math.BigInteger.ONE.shiftLeft(3070).add(java.math.BigInteger.ONE)));
    publishedJwks.set(huge.jwksJson());
    String token = huge.boundToken("alice", "jkt", "a");

    assertThatThrownBy(() -> validator(TestClock.startingNow()).validate(token))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INVALID));
    JwtAccessTokenValidator inline =
        JwtAccessTokenValidator.builder()
            .jwks(huge.jwksJson())
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .build();
    assertThatThrownBy(() -> inline.validate(token))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INVALID));
  }

  JwtAccessTokenValidator.Builder withJwksUri(String uri) {
    return JwtAccessTokenValidator.builder()
        .jwksUri(URI.create(uri))
        .issuer(TestTokens.ISSUER)
        .audience(TestTokens.AUDIENCE);
  }

  /** Whoever can alter the JWKS on its way can sign any token. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://as.example.test/jwks", "http://10.0.0.5/jwks", "http://localhost.example.test/jwks",
        "http://127.0.0.1.nip.io/jwks", "http://[::2]/jwks", "ftp://as.example.test/jwks"
      })
  void plainHttpJwksUriIsRefusedOutsideLoopback(String uri) {
    assertThatThrownBy(() -> withJwksUri(uri).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jwksUri");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://as.example.test/jwks", "http://127.0.0.1:8080/jwks", "http://127.1.2.3/jwks",
        "http://localhost:8080/jwks", "http://[::1]:8080/jwks", "HTTP://LOCALHOST/jwks"
      })
  void httpsAndLoopbackJwksUrisAreAccepted(String uri) {
    assertThat(withJwksUri(uri).build()).isNotNull();
  }

  @Test
  void plainHttpJwksUriIsAcceptedWhenExplicitlyAllowed() {
    assertThat(withJwksUri("http://as.example.test/jwks").allowInsecureJwksUri(true).build())
        .isNotNull();
  }
}
