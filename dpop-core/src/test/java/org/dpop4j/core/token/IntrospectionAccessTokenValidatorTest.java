package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7662 introspection against a real local HTTP endpoint. */
class IntrospectionAccessTokenValidatorTest {

  HttpServer server;
  AtomicInteger calls = new AtomicInteger();
  AtomicReference<String> lastAuthorization = new AtomicReference<>();
  AtomicReference<String> lastBody = new AtomicReference<>();
  AtomicReference<String> response = new AtomicReference<>();
  AtomicInteger status = new AtomicInteger(200);
  TestClock clock = TestClock.startingNow();
  URI endpoint;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/introspect",
        exchange -> {
          calls.incrementAndGet();
          lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = response.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/introspect");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  IntrospectionAccessTokenValidator validator() {
    return IntrospectionAccessTokenValidator.builder()
        .endpoint(endpoint, "api", "s3cret")
        .clock(clock)
        .build();
  }

  String active(long expiresInSeconds) {
    long exp = clock.instant().getEpochSecond() + expiresInSeconds;
    return "{\"active\":true,\"sub\":\"alice\",\"scope\":\"read\",\"exp\":" + exp
        + ",\"cnf\":{\"jkt\":\"thumb\"}}";
  }

  @Test
  void activeTokenIsAcceptedWithItsBindingAndCachedUntilExpiry() throws Exception {
    response.set(active(120));
    IntrospectionAccessTokenValidator validator = validator();

    var token = validator.validate("opaque-1");
    validator.validate("opaque-1");

    assertThat(token.subject()).isEqualTo("alice");
    assertThat(token.boundThumbprint()).contains("thumb");
    assertThat(calls).hasValue(1);
    assertThat(lastBody.get()).isEqualTo("token=opaque-1&token_type_hint=access_token");
    assertThat(lastAuthorization.get())
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("api:s3cret".getBytes(StandardCharsets.UTF_8)));

    clock.advance(Duration.ofSeconds(121));
    response.set("{\"active\":false}");
    assertThatThrownBy(() -> validator.validate("opaque-1"))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INACTIVE));
    assertThat(calls).hasValue(2);
  }

  @Test
  void inactiveTokenIsRefused() {
    response.set("{\"active\":false}");
    assertThatThrownBy(() -> validator().validate("revoked"))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INACTIVE));
  }

  @Test
  void failingEndpointIsUnavailableNeverAnAccept() {
    status.set(500);
    response.set("{\"active\":true,\"sub\":\"alice\"}");
    assertThatThrownBy(() -> validator().validate("t"))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE));

    server.stop(0);
    assertThatThrownBy(() -> validator().validate("t"))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE));
  }

  /** The same junk token sent again and again costs one call within the negative cache's TTL. */
  @Test
  void junkTokensDoNotEachCostAnIntrospectionCall() {
    response.set("{\"active\":false}");
    IntrospectionAccessTokenValidator validator = validator();

    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> validator.validate("junk"))
          .isInstanceOfSatisfying(
              DpopException.class,
              e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INACTIVE));
    }
    assertThat(calls).hasValue(1);

    clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> validator.validate("junk")).isInstanceOf(DpopException.class);
    assertThat(calls).as("asked again once the refusal is 5 s old").hasValue(2);
  }

  @Test
  void floodOfJunkTokensCannotPushOutActiveTokens() throws Exception {
    IntrospectionAccessTokenValidator validator =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(endpoint, "api", "s3cret")
            .maxCacheEntries(1)
            .maxNegativeCacheEntries(2)
            .clock(clock)
            .build();
    response.set(active(120));
    validator.validate("active");
    response.set("{\"active\":false}");
    for (int i = 0; i < 10; i++) {
      String junk = "junk-" + i;
      assertThatThrownBy(() -> validator.validate(junk)).isInstanceOf(DpopException.class);
    }
    assertThat(calls).hasValue(11);

    assertThat(validator.validate("active").subject()).isEqualTo("alice");
    assertThat(calls).as("the active token is still cached").hasValue(11);
    assertThatThrownBy(() -> validator.validate("junk-0")).isInstanceOf(DpopException.class);
    assertThat(calls).as("the negative cache holds two entries only").hasValue(12);
  }

  @Test
  void unreachableEndpointIsAskedAgainNotCachedAsARefusal() throws Exception {
    status.set(503);
    response.set("{}");
    IntrospectionAccessTokenValidator validator = validator();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> validator.validate("t"))
          .isInstanceOfSatisfying(
              DpopException.class,
              e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE));
    }
    assertThat(calls).hasValue(3);

    status.set(200);
    response.set(active(60));
    assertThat(validator.validate("t").subject()).isEqualTo("alice");
  }

  @Test
  void negativeCacheCanBeTurnedOffButNotMadeLong() throws Exception {
    response.set("{\"active\":false}");
    IntrospectionAccessTokenValidator validator =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(endpoint, "api", "s3cret")
            .negativeCacheDuration(Duration.ZERO)
            .clock(clock)
            .build();
    assertThatThrownBy(() -> validator.validate("junk")).isInstanceOf(DpopException.class);
    assertThatThrownBy(() -> validator.validate("junk")).isInstanceOf(DpopException.class);
    assertThat(calls).hasValue(2);

    assertThatThrownBy(
            () -> IntrospectionAccessTokenValidator.builder().negativeCacheDuration(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"exp\":1e300", "\"exp\":-1e300", "\"exp\":\"tomorrow\"", "\"exp\":1e400",
        "\"nbf\":-1e300", "\"iat\":9223372036854775807", "\"exp\":170000000000000000000000"
      })
  void introspectionAnswerWithAnOutOfRangeDateIsRefusedNot500(String dateMember) {
    response.set(
        "{\"active\":true,\"sub\":\"alice\",\"cnf\":{\"jkt\":\"thumb\"}," + dateMember + "}");

    assertThatThrownBy(() -> validator().validate("opaque"))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_DATE_OUT_OF_RANGE));
  }

  @Test
  void aConfiguredAudienceMustBeNamedByTheResponse() throws Exception {
    IntrospectionAccessTokenValidator validator =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(endpoint, "api", "s3cret")
            .audiences(java.util.List.of("api", "https://api.example.test"))
            .clock(clock)
            .build();
    long exp = clock.instant().getEpochSecond() + 60;

    response.set("{\"active\":true,\"sub\":\"alice\",\"exp\":" + exp + ",\"aud\":\"api\"}");
    assertThat(validator.validate("one-audience").subject()).isEqualTo("alice");
    response.set("{\"active\":true,\"sub\":\"alice\",\"exp\":" + exp
        + ",\"aud\":[\"account\",\"https://api.example.test\"]}");
    assertThat(validator.validate("audience-list").subject()).isEqualTo("alice");
    for (String otherAudience : java.util.List.of("\"account\"", "[\"account\"]", "7")) {
      response.set("{\"active\":true,\"sub\":\"alice\",\"exp\":" + exp + ",\"aud\":"
          + otherAudience + "}");
      assertThatThrownBy(() -> validator.validate("for-" + otherAudience))
          .isInstanceOfSatisfying(
              DpopException.class,
              e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_AUDIENCE_MISMATCH));
    }
    response.set(active(60));
    assertThatThrownBy(() -> validator.validate("without-aud"))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_AUDIENCE_MISMATCH));
  }

  @Test
  void aZeroCacheDurationAsksTheEndpointEveryTime() throws Exception {
    response.set(active(120));
    IntrospectionAccessTokenValidator validator =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(endpoint, "api", "s3cret")
            .maxCacheDuration(Duration.ZERO)
            .clock(clock)
            .build();

    validator.validate("opaque");
    validator.validate("opaque");

    assertThat(calls).hasValue(2);
  }

  @Test
  void theCacheDurationBoundsHowLongAResponseIsReused() throws Exception {
    response.set(active(3600));
    IntrospectionAccessTokenValidator validator =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(endpoint, "api", "s3cret")
            .maxCacheDuration(Duration.ofSeconds(30))
            .clock(clock)
            .build();

    validator.validate("opaque");
    clock.advance(Duration.ofSeconds(29));
    validator.validate("opaque");
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofSeconds(2));
    validator.validate("opaque");
    assertThat(calls).hasValue(2);
  }

  @Test
  void theBuilderRefusesBadCacheDurationsAudiencesAndSettingTwice() {
    assertThatThrownBy(() -> IntrospectionAccessTokenValidator.builder().maxCacheDuration(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IntrospectionAccessTokenValidator.builder().maxCacheDuration(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IntrospectionAccessTokenValidator.builder().maxCacheDuration(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                IntrospectionAccessTokenValidator.builder()
                    .maxCacheDuration(Duration.ZERO)
                    .maxCacheDuration(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IntrospectionAccessTokenValidator.builder().audiences(java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IntrospectionAccessTokenValidator.builder().audience("a").audience("b"))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Every call sends the client secret, and a forged answer makes any token active. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://as.example.test/introspect", "http://10.0.0.5/introspect",
        "http://localhost.example.test/introspect", "http://[::2]/introspect",
        "ftp://as.example.test/introspect"
      })
  void plainHttpIntrospectionEndpointIsRefusedOutsideLoopback(String uri) {
    assertThatThrownBy(
            () ->
                IntrospectionAccessTokenValidator.builder()
                    .endpoint(URI.create(uri), "api", "s3cret")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("introspection endpoint")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void plainHttpIntrospectionEndpointIsAcceptedWhenExplicitlyAllowed() {
    assertThat(
            IntrospectionAccessTokenValidator.builder()
                .endpoint(URI.create("http://as.example.test/introspect"), "api", "s3cret")
                .allowInsecureEndpoint(true)
                .build())
        .isNotNull();
    assertThat(
            IntrospectionAccessTokenValidator.builder()
                .endpoint(URI.create("https://as.example.test/introspect"), "api", "s3cret")
                .build())
        .isNotNull();
  }
}
