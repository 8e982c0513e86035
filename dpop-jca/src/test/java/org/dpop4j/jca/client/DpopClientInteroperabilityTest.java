package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dpop4j.core.DpopAuthentication;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.jca.AccessTokenSigner;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.testing.LocalHttpServer;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against servers that behave as real ones do: an authorization server that knows
 * Ed25519 only as {@code EdDSA} and explains its refusals in {@code error_description} (as
 * Keycloak does), and a resource server that stops accepting a token before it expires.
 */
class DpopClientInteroperabilityTest {

  private static final String CLIENT_ID = "client-7";
  private static final String CLIENT_SECRET = "s3cret-of-client-7";

  private LocalHttpServer authorizationServer;
  private LocalHttpServer resourceServer;
  private AccessTokenSigner tokenSigner;
  private DpopAuthenticator resourceAuthenticator;
  private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
  private volatile String tokenEndpointDescription = "Unsupported DPoP algorithm";

  @BeforeEach
  void startServers() throws Exception {
    KeyPair signingKeys = generate("EC", new ECGenParameterSpec("secp256r1"));
    tokenSigner =
        AccessTokenSigner.builder(
                JwsAlgorithm.ES256, signingKeys.getPrivate(), signingKeys.getPublic())
            .issuer("https://as.example.test")
            .audience("https://api.example.test")
            .tokenLifetime(Duration.ofMinutes(5))
            .build();
    resourceAuthenticator =
        DpopAuthenticator.of(
            DpopVerifier.builder().build(),
            JwtAccessTokenValidator.builder()
                .jwks(tokenSigner.jwksJson())
                .issuer("https://as.example.test")
                .audience("https://api.example.test")
                .build());
    authorizationServer = new LocalHttpServer();
    authorizationServer.route("/token", this::eddsaOnlyTokenEndpoint);
    authorizationServer.route("/refusing-token", this::refusingTokenEndpoint);
    authorizationServer.route(
        "/.well-known/openid-configuration",
        exchange ->
            LocalHttpServer.respond(exchange, 200, Map.of("Content-Type", "application/json"),
                "{\"issuer\":\"https://as.example.test\",\"token_endpoint\":\""
                    + authorizationServer.uri("/token")
                    + "\",\"dpop_signing_alg_values_supported\":[\"PS256\",\"ES256\",\"EdDSA\"]}"));
    resourceServer = new LocalHttpServer();
    resourceServer.route("/orders", this::revokingResource);
  }

  @AfterEach
  void stopServers() {
    authorizationServer.close();
    resourceServer.close();
  }

  @Test
  void anEd25519ClientSignsUnderTheNameTheAuthorizationServerAdvertises() throws Exception {
    DpopProofFactory ed25519 = ed25519Proofs();
    AuthorizationServerMetadata metadata =
        AuthorizationServerMetadata.fetch(
            HttpClient.newHttpClient(), authorizationServer.uri("/.well-known/openid-configuration"));
    DpopClient client =
        DpopClient.builder(ed25519)
            .clientCredentials(ClientCredentials.of(metadata, CLIENT_ID, CLIENT_SECRET))
            .build();

    HttpResponse<String> response =
        client.sendWithAccessToken(get("/orders"), HttpResponse.BodyHandlers.ofString());

    assertThat(metadata.tokenEndpoint()).isEqualTo(authorizationServer.uri("/token"));
    assertThat(metadata.dpopSigningAlgValuesSupported()).containsExactly("PS256", "ES256", "EdDSA");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("orders of client-7");
    assertThat(proofHeader(response.request()))
        .as("the resource server's proof names the key as the authorization server does")
        .contains("\"alg\":\"EdDSA\"");
    assertThat(ed25519.forAdvertisedAlgorithms(List.of("EdDSA")).thumbprint())
        .as("the same key under another name")
        .isEqualTo(ed25519.thumbprint());
  }

  @Test
  void withoutMetadataTheServersErrorDescriptionTellsWhy() throws Exception {
    DpopClient client =
        DpopClient.builder(ed25519Proofs())
            .clientCredentials(
                ClientCredentials.of(authorizationServer.uri("/token"), CLIENT_ID, CLIENT_SECRET))
            .build();

    assertThatThrownBy(client::accessToken)
        .isInstanceOfSatisfying(
            TokenRequestException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.error()).contains("invalid_dpop_proof");
              assertThat(e.errorDescription()).contains("Unsupported DPoP algorithm");
            })
        .hasMessage("token request failed: HTTP 400 invalid_dpop_proof: Unsupported DPoP algorithm");
  }

  /** Stops a hostile token endpoint from forging log lines or flooding logs through the client. */
  @Test
  void theServersErrorTextIsEscapedAndBounded() throws Exception {
    tokenEndpointDescription = "bad\r\nINFO forged line é " + "x".repeat(1000);
    DpopClient client =
        DpopClient.builder(ed25519Proofs())
            .clientCredentials(
                ClientCredentials.of(
                    authorizationServer.uri("/refusing-token"), CLIENT_ID, CLIENT_SECRET))
            .build();

    assertThatThrownBy(client::accessToken)
        .isInstanceOfSatisfying(
            TokenRequestException.class,
            e -> {
              String description = e.errorDescription().orElseThrow();
              assertThat(description)
                  .startsWith("bad\\u000d\\u000aINFO forged line \\u00e9 xxx")
                  .endsWith("...")
                  .hasSize(TokenRequestException.MAX_DESCRIPTION_LENGTH + 3);
              assertThat(e.getMessage()).doesNotContain("\n", "\r", "é");
            });
  }

  @Test
  void aTokenTheResourceServerCallsInvalidIsReplacedAndTheRequestSentOnceMore()
      throws Exception {
    DpopClient client = client();
    String revoked = client.accessToken();
    revokedTokens.add(revoked);

    HttpResponse<String> response =
        client.sendWithAccessToken(get("/orders"), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(resourceServer.requests("/orders")).as("refused, then retried").isEqualTo(2);
    assertThat(authorizationServer.requests("/token")).as("a second token").isEqualTo(2);
    assertThat(client.accessToken()).as("the new token is cached").isNotEqualTo(revoked);
    assertThat(authorizationServer.requests("/token")).isEqualTo(2);
  }

  @Test
  void anInvalidTokenAnswerIsRetriedOnlyOnce() throws Exception {
    DpopClient client = client();
    resourceServer.route("/always-invalid", DpopClientInteroperabilityTest::alwaysInvalidToken);

    HttpResponse<String> response =
        client.sendWithAccessToken(get("/always-invalid"), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(resourceServer.requests("/always-invalid")).isEqualTo(2);
    assertThat(authorizationServer.requests("/token")).isEqualTo(2);
  }

  private DpopClient client() {
    return DpopClient.builder(ed25519Proofs().forAdvertisedAlgorithms(List.of("EdDSA")))
        .clientCredentials(
            ClientCredentials.of(authorizationServer.uri("/token"), CLIENT_ID, CLIENT_SECRET))
        .build();
  }

  private static String proofHeader(HttpRequest sent) {
    String proof = sent.headers().firstValue("DPoP").orElseThrow();
    return new String(Base64.getUrlDecoder().decode(proof.split("\\.")[0]), StandardCharsets.UTF_8);
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(resourceServer.uri(path)).build();
  }

  private static DpopProofFactory ed25519Proofs() {
    try {
      KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return DpopProofFactory.builder(JwsAlgorithm.ED25519, keys.getPrivate(), keys.getPublic())
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate(String type, java.security.spec.AlgorithmParameterSpec spec)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
    generator.initialize(spec);
    return generator.generateKeyPair();
  }

  /** As Keycloak 26: {@code EdDSA} accepted, the RFC 9864 name {@code Ed25519} refused. */
  private void eddsaOnlyTokenEndpoint(HttpExchange exchange) throws Exception {
    List<String> proofs = LocalHttpServer.header(exchange, "DPoP");
    String header =
        proofs.isEmpty()
            ? ""
            : new String(
                Base64.getUrlDecoder().decode(proofs.get(0).split("\\.")[0]),
                StandardCharsets.UTF_8);
    if (!header.contains("\"alg\":\"EdDSA\"")) {
      refusingTokenEndpoint(exchange);
      return;
    }
    DpopVerifier verifier = DpopVerifier.builder().build();
    VerifiedProof proof;
    try {
      proof =
          verifier.verify(
              DpopRequest.toTokenEndpoint(
                  exchange.getRequestMethod(), authorizationServer.targetOf(exchange), proofs));
    } catch (DpopException e) {
      LocalHttpServer.respond(
          exchange, Refusals.answer(TokenEndpointProtection.of(verifier).refusal(e)));
      return;
    }
    String body = LocalHttpServer.body(exchange);
    assertThat(body).contains("client_secret=" + CLIENT_SECRET);
    LocalHttpServer.respond(exchange, 200, Map.of("Content-Type", "application/json"),
        JsonUtil.toJson(
            Map.of(
                "access_token", tokenSigner.sign(CLIENT_ID, Set.of("orders"), proof.thumbprint()),
                "token_type", "DPoP",
                "expires_in", 300)));
  }

  private void refusingTokenEndpoint(HttpExchange exchange) throws Exception {
    LocalHttpServer.respond(exchange, 400, Map.of("Content-Type", "application/json"),
        JsonUtil.toJson(
            Map.of("error", "invalid_dpop_proof", "error_description", tokenEndpointDescription)));
  }

  private void revokingResource(HttpExchange exchange) throws Exception {
    List<String> authorization = LocalHttpServer.header(exchange, "Authorization");
    if (!authorization.isEmpty() && revokedTokens.contains(authorization.get(0).substring(5))) {
      alwaysInvalidToken(exchange);
      return;
    }
    DpopAuthentication authentication;
    try {
      authentication =
          resourceAuthenticator.authenticate(
              exchange.getRequestMethod(), resourceServer.targetOf(exchange), authorization,
              LocalHttpServer.header(exchange, "DPoP"));
    } catch (DpopException e) {
      LocalHttpServer.respond(
          exchange, Refusals.answer(ResourceServerProtection.of(resourceAuthenticator).refusal(e)));
      return;
    }
    LocalHttpServer.respond(
        exchange, 200, Map.of(), "orders of " + authentication.accessToken().subject());
  }

  private static void alwaysInvalidToken(HttpExchange exchange) throws Exception {
    LocalHttpServer.respond(exchange, 401,
        Map.of("WWW-Authenticate",
            "DPoP algs=\"ES256 EdDSA\", error=\"invalid_token\", error_description=\"Access token is invalid\""),
        "");
  }
}
