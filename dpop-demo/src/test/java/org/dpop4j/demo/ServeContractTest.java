package org.dpop4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.ProofClaims;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code serve} contract, as an outside DPoP client sees it over HTTP: token endpoint, both
 * APIs, metadata and JWKS, and {@code --require-nonce}. The client side is written by hand with
 * {@code java.net.http} and dpop4j's proof factory, so every header is visible here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeContractTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private DemoServer server;
  private DemoServer nonceServer;
  private DpopProofFactory proofs;

  @BeforeAll
  void startServers() throws Exception {
    DemoOptions plain = DemoOptions.parse("serve", "--port", "0");
    server = DemoServer.start(plain.port(), plain.requireNonce(), ServerKey.software());
    DemoOptions nonces = DemoOptions.parse("serve", "--port", "0", "--require-nonce");
    nonceServer = DemoServer.start(nonces.port(), nonces.requireNonce(), ServerKey.software());
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    var keys = generator.generateKeyPair();
    proofs = DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
        .build();
  }

  @AfterAll
  void stopServers() {
    server.close();
    nonceServer.close();
  }

  @Test
  void publishesMetadataWithTheVerifiersProofAlgorithms() throws Exception {
    HttpResponse<String> response = get(server, "/.well-known/oauth-authorization-server");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    Map<String, Object> metadata = JsonUtil.parseJson(response.body());
    String base = server.baseUri().toString();
    assertThat(metadata)
        .containsEntry("issuer", base)
        .containsEntry("token_endpoint", base + "/token")
        .containsEntry("jwks_uri", base + "/jwks")
        .containsEntry("dpop_signing_alg_values_supported",
            JwsAlgorithm.allowedByDefault().stream().map(JwsAlgorithm::joseName).toList());
  }

  @Test
  void publishesThePublicSigningKeyOnly() throws Exception {
    HttpResponse<String> response = get(server, "/jwks");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonWebKeySet jwks = new JsonWebKeySet(response.body());
    assertThat(jwks.getJsonWebKeys()).singleElement().satisfies(key -> {
      assertThat(key.getKeyType()).isEqualTo("EC");
      assertThat(key.getAlgorithm()).isEqualTo("ES256");
      assertThat(key.getKeyId()).isNotBlank();
    });
    assertThat(response.body()).doesNotContain("\"d\"");
  }

  @Test
  void issuesAJwtBoundToTheProofKeyAndSignedByTheJwksKey() throws Exception {
    HttpResponse<String> response = tokenRequest(server, credentials(), Optional.empty());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    Map<String, Object> json = JsonUtil.parseJson(response.body());
    assertThat(json).containsEntry("token_type", "DPoP").containsEntry("expires_in", 300L);
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(new JwksVerificationKeyResolver(
                new JsonWebKeySet(get(server, "/jwks").body()).getJsonWebKeys()))
            .setExpectedIssuer(server.baseUri().toString())
            .setExpectedAudience(server.baseUri() + "/api")
            .setExpectedType(true, "at+jwt")
            .setRequireExpirationTime()
            .build();
    JwtClaims claims = consumer.processToClaims((String) json.get("access_token"));
    assertThat(claims.getSubject()).isEqualTo("demo-client");
    assertThat(claims.getClaimValue("cnf")).isEqualTo(Map.of("jkt", proofs.thumbprint()));
  }

  @Test
  void refusesWrongClientCredentialsUnsupportedGrantsAndMissingProofs() throws Exception {
    HttpResponse<String> wrongSecret =
        tokenRequest(server, form(Map.of("grant_type", "client_credentials",
            "client_id", "demo-client", "client_secret", "guess")), Optional.empty());
    assertOAuthError(wrongSecret, 401, "invalid_client");

    HttpResponse<String> password =
        tokenRequest(server, form(Map.of("grant_type", "password",
            "client_id", "demo-client", "client_secret", "demo-secret")), Optional.empty());
    assertOAuthError(password, 400, "unsupported_grant_type");

    HttpResponse<String> withoutProof =
        HTTP.send(HttpRequest.newBuilder(server.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(credentials()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertOAuthError(withoutProof, 400, "invalid_dpop_proof");
  }

  @Test
  void bothApisAnswerADpopBoundCallWithSubjectAndThumbprint() throws Exception {
    String token = accessToken(server);

    for (String path : List.of("/api/hello", "/api/jaxrs/hello")) {
      HttpResponse<String> response = apiCall(server, path, token, Optional.empty());

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(JsonUtil.parseJson(response.body()))
          .containsEntry("sub", "demo-client")
          .containsEntry("jkt", proofs.thumbprint());
    }
  }

  @Test
  void bothApisChallengeACallWithoutCredentials() throws Exception {
    for (String path : List.of("/api/hello", "/api/jaxrs/hello")) {
      HttpResponse<String> response = get(server, path);

      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("DPoP algs="));
      assertThat(response.body()).as("no container error page").isEmpty();
    }
  }

  @Test
  void requireNonceChallengesTheTokenEndpointAndTheApiUntilTheNonceIsSent() throws Exception {
    HttpResponse<String> challenged = tokenRequest(nonceServer, credentials(), Optional.empty());
    assertOAuthError(challenged, 400, "use_dpop_nonce");
    String nonce = challenged.headers().firstValue("DPoP-Nonce").orElseThrow();

    HttpResponse<String> issued = tokenRequest(nonceServer, credentials(), Optional.of(nonce));
    assertThat(issued.statusCode()).isEqualTo(200);
    String token = (String) JsonUtil.parseJson(issued.body()).get("access_token");

    for (String path : List.of("/api/hello", "/api/jaxrs/hello")) {
      HttpResponse<String> withoutNonce = apiCall(nonceServer, path, token, Optional.empty());
      assertThat(withoutNonce.statusCode()).as(path).isEqualTo(401);
      assertThat(withoutNonce.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(challenge -> assertThat(challenge)
              .contains("error=\"use_dpop_nonce\""));
      String apiNonce = withoutNonce.headers().firstValue("DPoP-Nonce").orElseThrow();

      assertThat(apiCall(nonceServer, path, token, Optional.of(apiNonce)).statusCode())
          .as(path).isEqualTo(200);
    }
  }

  private String accessToken(DemoServer target) throws Exception {
    HttpResponse<String> response = tokenRequest(target, credentials(), Optional.empty());
    assertThat(response.statusCode()).isEqualTo(200);
    return (String) JsonUtil.parseJson(response.body()).get("access_token");
  }

  private HttpResponse<String> tokenRequest(DemoServer target, String form, Optional<String> nonce)
      throws Exception {
    URI endpoint = target.tokenEndpoint();
    return HTTP.send(
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "DPoP",
                proofs.proof(
                    "POST", endpoint, nonce.map(ProofClaims::nonce).orElse(ProofClaims.none())))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> apiCall(
      DemoServer target, String path, String token, Optional<String> nonce) throws Exception {
    URI uri = target.baseUri().resolve(path);
    ProofClaims withToken = ProofClaims.accessToken(token);
    return HTTP.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "DPoP " + token)
            .header(
                "DPoP",
                proofs.proof("GET", uri, nonce.map(withToken::withNonce).orElse(withToken)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(DemoServer target, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(target.baseUri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertOAuthError(HttpResponse<String> response, int status, String error)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(JsonUtil.parseJson(response.body())).containsEntry("error", error);
  }

  private static String credentials() {
    return form(Map.of("grant_type", "client_credentials",
        "client_id", "demo-client", "client_secret", "demo-secret"));
  }

  private static String form(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
