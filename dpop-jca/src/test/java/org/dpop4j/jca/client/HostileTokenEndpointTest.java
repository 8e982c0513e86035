package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.LocalHttpServer;
import org.dpop4j.testing.TestKey;
import org.dpop4j.jca.DpopProofFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken authorization server can do within a well-formed HTTP exchange: each
 * is refused with the checked exception the API documents, in bounded time, never with an
 * unchecked one out of the JDK.
 */
class HostileTokenEndpointTest {

  private static final String METADATA_PATH = "/.well-known/oauth-authorization-server";
  private static final Duration DEADLINE = Duration.ofMillis(500);
  /** Far more than the deadline, far less than a server that trickles for ever. */
  private static final Duration MOST_A_CUT_OFF_CALL_TAKES = Duration.ofSeconds(10);

  private final CompletableFuture<Long> bytesTrickled = new CompletableFuture<>();
  private LocalHttpServer server;
  private DpopClient client;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
    KeyPair keys = TestKey.generate("ES256").keyPair();
    client =
        DpopClient.builder(
                DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
                    .build())
            .clientCredentials(ClientCredentials.of(server.uri("/token"), "client-42", "secret"))
            .tokenRequestTimeout(DEADLINE)
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aTokenEndpointThatTricklesItsBodyCannotHoldTheClient() throws Exception {
    server.route("/token", this::tricklingJson);

    CompletableFuture<String> token =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return client.accessToken();
              } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
              }
            });

    assertThat(token)
        .failsWithin(MOST_A_CUT_OFF_CALL_TAKES)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            TokenRequestException.class, e -> assertThat(e.status()).isEqualTo(200))
        .withMessageContaining("not complete " + DEADLINE.toMillis() + " ms after its headers");
    assertThat(bytesTrickled.get(MOST_A_CUT_OFF_CALL_TAKES.toSeconds(), TimeUnit.SECONDS))
        .as("the connection was closed, so the server stopped writing")
        .isPositive();
  }

  @ParameterizedTest(name = "expires_in {0}")
  @ValueSource(strings = {"1e300", "9223372036854775807", "-1"})
  void anExpiresInThatWouldOverflowTheRefreshTimeIsRefused(String expiresIn) {
    answerTokenRequestsWithExpiresIn(expiresIn);

    assertThatThrownBy(client::accessToken)
        .isInstanceOfSatisfying(
            TokenRequestException.class, e -> assertThat(e.status()).isEqualTo(200))
        .hasMessageContaining("expires_in");
  }

  @Test
  void aTenYearExpiresInIsTakenAtItsWord() throws Exception {
    answerTokenRequestsWithExpiresIn(Long.toString(TokenEndpoint.MAX_EXPIRES_IN_SECONDS));

    assertThat(client.accessToken()).isEqualTo("at-1");
    assertThat(client.accessToken()).as("reused, not requested again").isEqualTo("at-1");
    assertThat(server.requests("/token")).isEqualTo(1);
  }

  @Test
  void aMalformedTokenEndpointInTheMetadataIsAnIoException() {
    server.route(
        METADATA_PATH,
        exchange -> json(exchange, "{\"token_endpoint\":\"https://as.example.test/to ken\"}"));

    assertThatThrownBy(
            () ->
                AuthorizationServerMetadata.fetch(
                    HttpClient.newHttpClient(), server.uri(METADATA_PATH)))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageContaining("token_endpoint");
  }

  private void answerTokenRequestsWithExpiresIn(String expiresIn) {
    server.route(
        "/token",
        exchange ->
            json(
                exchange,
                "{\"access_token\":\"at-1\",\"token_type\":\"DPoP\",\"expires_in\":" + expiresIn
                    + "}"));
  }

  private static void json(HttpExchange exchange, String body) throws IOException {
    LocalHttpServer.respond(exchange, 200, Map.of("Content-Type", "application/json"), body);
  }

  /** Headers at once, then the start of a JSON object one byte at a time until cut off. */
  private void tricklingJson(HttpExchange exchange) throws IOException, InterruptedException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    byte[] start = "{\"access_token\":\"".getBytes(StandardCharsets.US_ASCII);
    long written = 0;
    try (OutputStream out = exchange.getResponseBody()) {
      while (true) {
        out.write(start[(int) (written % start.length)]);
        out.flush();
        written++;
        // The server thread's pace, the hostile endpoint's: the test thread awaits, never sleeps.
        Thread.sleep(20);
      }
    } catch (IOException hungUp) {
      // expected: the client closed the connection
    } finally {
      bytesTrickled.complete(written);
    }
  }
}
