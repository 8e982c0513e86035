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
import org.dpop4j.core.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INVALID));
    assertThat(calls).hasValue(2);
  }

  @Test
  void inactiveTokenIsRefused() {
    response.set("{\"active\":false}");
    assertThatThrownBy(() -> validator().validate("revoked"))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_INVALID));
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
}
