package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.KeyGenerator;
import org.dpop4j.core.DpopAuthentication;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.jca.AccessTokenSigner;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.testing.SoftHsm;
import org.dpop4j.testing.LocalHttpServer;
import org.dpop4j.testing.TestAuthorizationServer;
import org.dpop4j.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real authorization server and resource server on 127.0.0.1, both deciding
 * with dpop-core and both requiring nonces. The client's key and the token-signing key are in the
 * HSM.
 */
class DpopClientTest {

  private static final String CLIENT_ID = "client-42";
  private static final String CLIENT_SECRET = "s3cret-of-client-42";
  private static final String ISSUER = "https://as.example.test";
  private static final String AUDIENCE = "https://api.example.test";

  private final SoftHsm hsm = SoftHsm.get();
  private final TestClock clock = TestClock.at(Instant.parse("2026-11-25T10:00:00Z"));
  private TestAuthorizationServer authorizationServer;
  private LocalHttpServer resourceServer;
  private AccessTokenSigner tokenSigner;
  private DpopAuthenticator resourceAuthenticator;
  private DpopProofFactory clientProofs;

  @BeforeEach
  void startServers() throws Exception {
    KeyPair signingKeys = hsm.keyPair("as-es256", JwsAlgorithm.ES256);
    tokenSigner =
        AccessTokenSigner.builder(
                JwsAlgorithm.ES256, signingKeys.getPrivate(), signingKeys.getPublic())
            .provider(hsm.token().provider())
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .tokenLifetime(Duration.ofMinutes(5))
            .clock(clock)
            .build();
    DpopVerifier tokenEndpointVerifier =
        DpopVerifier.builder().requireNonce(nonceService()).clock(clock).build();
    resourceAuthenticator =
        DpopAuthenticator.of(
            DpopVerifier.builder().requireNonce(nonceService()).clock(clock).build(),
            tokenValidator());

    authorizationServer = TestAuthorizationServer.start(
        CLIENT_ID, CLIENT_SECRET, Refusals.tokenEndpointCheck(tokenEndpointVerifier));
    authorizationServer.signer(tokenSigner::sign, tokenSigner.tokenLifetime());
    authorizationServer.route("/stubborn-token", DpopClientTest::alwaysUseDpopNonceAsJson);
    resourceServer = new LocalHttpServer();
    resourceServer.route("/orders", this::protectedResource);
    resourceServer.route("/stubborn-orders", DpopClientTest::alwaysUseDpopNonceChallenge);

    KeyPair clientKeys = hsm.proofKey(JwsAlgorithm.ES256);
    clientProofs =
        DpopProofFactory.builder(
                JwsAlgorithm.ES256, clientKeys.getPrivate(), clientKeys.getPublic())
            .provider(hsm.token().provider())
            .clock(clock)
            .build();
  }

  @AfterEach
  void stopServers() {
    authorizationServer.close();
    resourceServer.close();
  }

  @Test
  void obtainsATokenAfterTheTokenEndpointsNonceChallenge() throws Exception {
    DpopClient client = client("/token");

    String token = client.accessToken();

    assertThat(authorizationServer.requests("/token")).as("challenge, then retry").isEqualTo(2);
    assertThat(tokenValidator().validate(token).boundThumbprint())
        .as("bound to the client's HSM key")
        .contains(clientProofs.thumbprint());
  }

  @Test
  void answersTheResourceServersNonceChallengeOnceAndThenRemembersTheNonce() throws Exception {
    DpopClient client = client("/token");

    HttpResponse<String> first = client.sendWithAccessToken(post("/orders", "order=7"),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.sendWithAccessToken(post("/orders", "order=8"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("hello client-42: order=7");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("hello client-42: order=8");
    assertThat(resourceServer.requests("/orders")).as("challenge, retry, then no challenge")
        .isEqualTo(3);
    assertThat(authorizationServer.requests("/token")).as("one token for both").isEqualTo(2);
  }

  @Test
  void neverRetriesAResourceServerNonceChallengeTwice() throws Exception {
    DpopClient client = client("/token");
    String token = client.accessToken();

    HttpResponse<String> response =
        client.send(get("/stubborn-orders"), token, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        value -> assertThat(value).contains("use_dpop_nonce"));
    assertThat(resourceServer.requests("/stubborn-orders")).isEqualTo(2);
  }

  @Test
  void neverRetriesATokenEndpointNonceChallengeTwice() {
    DpopClient client = client("/stubborn-token");

    assertThatThrownBy(client::accessToken)
        .isInstanceOfSatisfying(
            TokenRequestException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.error()).contains("use_dpop_nonce");
            });
    assertThat(authorizationServer.requests("/stubborn-token")).isEqualTo(2);
  }

  @Test
  void reusesTheTokenUntilShortlyBeforeItExpires() throws Exception {
    DpopClient client = client("/token");
    String first = client.accessToken();

    clock.advance(Duration.ofMinutes(4));
    String fourMinutesLater = client.accessToken();
    clock.advance(Duration.ofSeconds(40));
    String twentySecondsBeforeExpiry = client.accessToken();

    assertThat(fourMinutesLater).isEqualTo(first);
    assertThat(twentySecondsBeforeExpiry).isNotEqualTo(first);
    HttpResponse<String> response =
        client.sendWithAccessToken(post("/orders", "x"), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void refusesATokenThatIsNotDpopBound() {
    authorizationServer.tokenType("Bearer");
    DpopClient client = client("/token");

    assertThatThrownBy(client::accessToken)
        .isInstanceOf(TokenRequestException.class)
        .hasMessageContaining("token_type");
  }

  @Test
  void aRejectedClientSecretIsReportedWithoutTheSecret() {
    DpopClient client =
        DpopClient.builder(clientProofs)
            .clientCredentials(
                ClientCredentials.of(
                    authorizationServer.uri("/token"), CLIENT_ID, "wrong-secret-value"))
            .clock(clock)
            .build();

    assertThatThrownBy(client::accessToken)
        .isInstanceOfSatisfying(
            TokenRequestException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.error()).contains("invalid_client");
            })
        .hasMessageNotContaining("wrong-secret-value");
    assertThat(client.toString()).doesNotContain(CLIENT_SECRET, "wrong-secret-value");
  }

  @Test
  void concurrentRequestsShareOneTokenRequest() throws Exception {
    DpopClient client = client("/token");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String order = "order=" + i;
        calls.add(() -> client.sendWithAccessToken(post("/orders", order),
            HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : threads.invokeAll(calls)) {
        statuses.add(status.get());
      }
      assertThat(statuses).containsOnly(200).hasSize(12);
    } finally {
      threads.shutdownNow();
    }
    assertThat(authorizationServer.requests("/token")).isEqualTo(2);
  }

  private DpopClient client(String tokenPath) {
    return DpopClient.builder(clientProofs)
        .clientCredentials(
            ClientCredentials.of(authorizationServer.uri(tokenPath), CLIENT_ID, CLIENT_SECRET)
                .withScope("orders.read orders.write"))
        .clock(clock)
        .build();
  }

  private HttpRequest post(String path, String body) {
    return HttpRequest.newBuilder(resourceServer.uri(path))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(resourceServer.uri(path)).build();
  }

  private void protectedResource(HttpExchange exchange) throws Exception {
    String body = LocalHttpServer.body(exchange);
    DpopAuthentication authentication;
    try {
      authentication =
          resourceAuthenticator.authenticate(
              exchange.getRequestMethod(),
              resourceServer.targetOf(exchange),
              LocalHttpServer.header(exchange, "Authorization"),
              LocalHttpServer.header(exchange, "DPoP"));
    } catch (DpopException e) {
      LocalHttpServer.respond(
          exchange, Refusals.answer(ResourceServerProtection.of(resourceAuthenticator).refusal(e)));
      return;
    }
    Map<String, String> headers = new HashMap<>();
    ResourceServerProtection.of(resourceAuthenticator).nonceToOffer(authentication.proof())
        .ifPresent(nonce -> headers.put("DPoP-Nonce", nonce));
    LocalHttpServer.respond(exchange, 200, headers,
        "hello " + authentication.accessToken().subject() + ": " + body);
  }

  /** A broken server: whatever the proof, it demands yet another nonce. */
  private static void alwaysUseDpopNonceChallenge(HttpExchange exchange) throws Exception {
    LocalHttpServer.respond(exchange, 401,
        Map.of("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"",
            "DPoP-Nonce", UUID.randomUUID().toString()),
        "");
  }

  private static void alwaysUseDpopNonceAsJson(HttpExchange exchange) throws Exception {
    LocalHttpServer.respond(exchange, 400,
        Map.of("Content-Type", "application/json", "DPoP-Nonce", UUID.randomUUID().toString()),
        "{\"error\":\"use_dpop_nonce\"}");
  }

  private JwtAccessTokenValidator tokenValidator() {
    return JwtAccessTokenValidator.builder()
        .jwks(tokenSigner.jwksJson())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .clock(clock)
        .build();
  }

  private NonceService nonceService() throws Exception {
    return NonceService.builder(KeyGenerator.getInstance("HmacSHA256").generateKey())
        .clock(clock)
        .build();
  }
}
