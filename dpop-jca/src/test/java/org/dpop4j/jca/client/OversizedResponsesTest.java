package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.LocalHttpServer;
import org.dpop4j.testing.TestKey;
import org.dpop4j.jca.DpopProofFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile or broken server that answers the token or metadata request with an endless body
 * must not make the client hold it in memory: the client stops reading at its bound, closes the
 * connection and refuses, so the server can write only what the socket buffers take.
 */
class OversizedResponsesTest {

  /** What the server tries to send: if the client buffered it, the bound would be broken. */
  private static final long ATTEMPTED_BYTES = 256L * 1024 * 1024;
  /** Far more than the bound plus the loopback socket buffers, far less than the attempt. */
  private static final long MOST_A_CUT_OFF_SERVER_WRITES = 32L * 1024 * 1024;

  private final CompletableFuture<Long> bytesWritten = new CompletableFuture<>();
  private LocalHttpServer server;
  private DpopProofFactory proofs;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
    server.route("/token", this::endlessJson);
    server.route("/.well-known/oauth-authorization-server", this::endlessJson);
    KeyPair keys = TestKey.generate("ES256").keyPair();
    proofs =
        DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void oversizedTokenResponseIsRefusedNotBuffered() throws Exception {
    DpopClient client =
        DpopClient.builder(proofs)
            .clientCredentials(ClientCredentials.of(server.uri("/token"), "client-42", "secret"))
            .build();

    assertThatThrownBy(client::accessToken)
        .isInstanceOfSatisfying(
            TokenRequestException.class, e -> assertThat(e.status()).isEqualTo(200))
        .hasMessageContaining("larger than " + TokenEndpoint.MAX_RESPONSE_BYTES + " bytes");
    assertThat(bytesWritten.get(30, TimeUnit.SECONDS))
        .as("the server was cut off")
        .isLessThan(MOST_A_CUT_OFF_SERVER_WRITES);
  }

  @Test
  void oversizedMetadataDocumentIsRefusedNotBuffered() throws Exception {
    assertThatThrownBy(
            () ->
                AuthorizationServerMetadata.fetch(
                    HttpClient.newHttpClient(),
                    server.uri("/.well-known/oauth-authorization-server")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than");
    assertThat(bytesWritten.get(30, TimeUnit.SECONDS))
        .as("the server was cut off")
        .isLessThan(MOST_A_CUT_OFF_SERVER_WRITES);
  }

  /** A JSON string that never ends, written until the client hangs up. */
  private void endlessJson(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[8192];
    Arrays.fill(chunk, (byte) 'a');
    long written = 0;
    try (OutputStream out = exchange.getResponseBody()) {
      out.write("{\"access_token\":\"".getBytes(StandardCharsets.US_ASCII));
      while (written < ATTEMPTED_BYTES) {
        out.write(chunk);
        out.flush();
        written += chunk.length;
      }
    } catch (IOException hungUp) {
      // expected: the client closed the connection
    } finally {
      bytesWritten.complete(written);
    }
  }
}
