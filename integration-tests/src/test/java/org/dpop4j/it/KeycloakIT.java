package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.client.AuthorizationServerMetadata;
import org.dpop4j.jca.client.ClientCredentials;
import org.dpop4j.jca.client.DpopClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens from a real Keycloak 26 (started by {@link KeycloakServer}) at a WAR configured only by
 * web.xml init-params: Keycloak's default {@code typ: JWT} tokens and RFC 9068 {@code at+jwt}
 * tokens signed ES512, checked from the JWKS and by introspection; the attacks DPoP stops, each
 * refused with its reason in the server's log; and {@code DpopClient} with ES256, PS256 and
 * Ed25519 keys, which Keycloak knows as {@code EdDSA}. After the class, {@link TomcatUndeployLog}
 * fails it if Tomcat warned at undeploy that the WAR left a thread running (the introspection
 * validator's HTTP client did, before its settings closed it).
 */
@ExtendWith({KeycloakServer.Extension.class, TomcatUndeployLog.class, ArquillianExtension.class})
@RunAsClient
class KeycloakIT {

  private static final String AT_JWT_CLIENT = "api-client-at-jwt";
  private static final String JWT_CLIENT = "api-client-jwt";
  private static final Map<String, String> SECRETS =
      Map.of(AT_JWT_CLIENT, "api-client-at-jwt-secret", JWT_CLIENT, "api-client-jwt-secret");
  private static final List<String> ENDPOINTS = List.of(KeycloakWar.JWT, KeycloakWar.INTROSPECTION);

  @ArquillianResource private URL base;

  private final KeycloakServer keycloak = KeycloakServer.Extension.get();

  @Deployment(testable = false)
  static WebArchive deployment() throws IOException {
    KeycloakServer keycloak = KeycloakServer.Extension.get();
    Path work = Path.of(System.getProperty("it.work"), "keycloak");
    Path secret = Files.writeString(work.resolve("introspection-secret"), "dpop-api-introspection-secret");
    Map<String, String> jwt = new LinkedHashMap<>();
    jwt.put("dpop.token.jwks-uri", keycloak.jwks().toString());
    jwt.put("dpop.token.issuer", keycloak.issuer().toString());
    jwt.put("dpop.token.audience", "dpop-api");
    Map<String, String> strict = new LinkedHashMap<>(jwt);
    jwt.put("dpop.token.types", "at+jwt jwt");
    Map<String, String> introspection = new LinkedHashMap<>();
    introspection.put("dpop.token.introspection-uri", keycloak.introspectionEndpoint().toString());
    introspection.put("dpop.token.introspection-client-id", "dpop-api");
    introspection.put("dpop.token.introspection-client-secret", "file:" + secret);
    introspection.put("dpop.token.audience", "dpop-api");
    introspection.put("dpop.token.cache-max-seconds", "30");
    return KeycloakWar.create(jwt, strict, introspection, serverLog());
  }

  private static Path serverLog() {
    return Path.of(System.getProperty("it.work"), "keycloak", "war.log");
  }

  @Test
  void bothTypVariantsAreAcceptedFromTheJwksAndByIntrospection() throws Exception {
    for (String clientId : List.of(JWT_CLIENT, AT_JWT_CLIENT)) {
      DpopClient client = client(clientId, es256());
      for (String endpoint : ENDPOINTS) {
        HttpResponse<String> response = client.sendWithAccessToken(get(endpoint), ofString());

        assertThat(response.statusCode()).as("%s at %s", clientId, endpoint).isEqualTo(200);
        assertThat(response.body()).as("%s at %s", clientId, endpoint)
            .startsWith("servlet hello ").endsWith(" (DPoP)");
      }
    }
  }

  @Test
  void keycloaksTokenHeadersAreWhatTheDocumentationSays() throws Exception {
    assertThat(header(client(JWT_CLIENT, es256()).accessToken()))
        .containsEntry("typ", "JWT").containsEntry("alg", "RS256");
    assertThat(header(client(AT_JWT_CLIENT, es256()).accessToken()))
        .containsEntry("typ", "at+jwt").containsEntry("alg", "ES512");
  }

  @Test
  void withTheDefaultTypOnlyAtJwtPassesAndTheLogSaysWhy() throws Exception {
    HttpResponse<String> atJwt =
        client(AT_JWT_CLIENT, es256()).sendWithAccessToken(get(KeycloakWar.STRICT), ofString());
    assertThat(atJwt.statusCode()).isEqualTo(200);

    DpopProofFactory proofs = es256();
    String token = client(JWT_CLIENT, proofs).accessToken();
    long logMark = logSize();
    HttpResponse<String> jwt = withProof(KeycloakWar.STRICT, token, proofs);

    assertThat(jwt.statusCode()).isEqualTo(401);
    assertThat(Http.dpopChallenge(jwt))
        .containsEntry("error", "invalid_token")
        .containsEntry("error_description", "Access token is invalid");
    assertLogged(logMark, "refused a request from 127.0.0.1: TOKEN_TYPE_NOT_ACCEPTED");
  }

  /** Stops an eavesdropper who captured a request (token and proof) and sends it again. */
  @Test
  void aReplayedRequestIsRefused() throws Exception {
    DpopProofFactory proofs = es256();
    String token = client(JWT_CLIENT, proofs).accessToken();
    for (String endpoint : ENDPOINTS) {
      String proof = proofs.proof("GET", uri(endpoint), ProofClaims.accessToken(token));
      long logMark = logSize();

      HttpResponse<String> original = Http.get(uri(endpoint), "Authorization", "DPoP " + token, "DPoP", proof);
      HttpResponse<String> replay = Http.get(uri(endpoint), "Authorization", "DPoP " + token, "DPoP", proof);

      assertThat(original.statusCode()).as(endpoint).isEqualTo(200);
      assertThat(replay.statusCode()).as(endpoint).isEqualTo(401);
      assertLogged(logMark, ": REPLAYED_PROOF");
    }
  }

  /** Stops a thief who has Keycloak's token but not the key it is bound to. */
  @Test
  void aStolenTokenUsedWithAnotherKeyIsRefused() throws Exception {
    String stolen = client(AT_JWT_CLIENT, es256()).accessToken();
    DpopProofFactory thief = es256();
    for (String endpoint : ENDPOINTS) {
      long logMark = logSize();

      HttpResponse<String> response = withProof(endpoint, stolen, thief);

      assertThat(response.statusCode()).as(endpoint).isEqualTo(401);
      assertThat(Http.dpopChallenge(response)).containsEntry("error", "invalid_dpop_proof");
      assertLogged(logMark, ": KEY_NOT_BOUND_TO_TOKEN");
    }
  }

  /** Stops a downgrade: Keycloak's DPoP-bound token presented as a plain Bearer token. */
  @Test
  void aDpopBoundTokenPresentedAsBearerIsRefused() throws Exception {
    String stolen = client(JWT_CLIENT, es256()).accessToken();
    for (String endpoint : ENDPOINTS) {
      long logMark = logSize();

      HttpResponse<String> response = Http.get(uri(endpoint), "Authorization", "Bearer " + stolen);

      assertThat(response.statusCode()).as(endpoint).isEqualTo(401);
      assertLogged(logMark, ": BOUND_TOKEN_AS_BEARER");
    }
  }

  /** Stops a proof captured on its way to another URI or with another method from being reused. */
  @Test
  void aProofForAnotherUriOrMethodIsRefused() throws Exception {
    DpopProofFactory proofs = es256();
    String token = client(AT_JWT_CLIENT, proofs).accessToken();
    for (String endpoint : ENDPOINTS) {
      String forOtherUri =
          proofs.proof("GET", uri("other/path"), ProofClaims.accessToken(token));
      String forPost = proofs.proof("POST", uri(endpoint), ProofClaims.accessToken(token));
      long logMark = logSize();

      HttpResponse<String> wrongUri =
          Http.get(uri(endpoint), "Authorization", "DPoP " + token, "DPoP", forOtherUri);
      assertThat(wrongUri.statusCode()).as(endpoint).isEqualTo(401);
      assertLogged(logMark, ": HTU_MISMATCH");
      assertLogged(logMark, "HTU_MISMATCH: the server computed the target URI \"" + uri(endpoint) + "\"");

      logMark = logSize();
      HttpResponse<String> wrongMethod =
          Http.get(uri(endpoint), "Authorization", "DPoP " + token, "DPoP", forPost);
      assertThat(wrongMethod.statusCode()).as(endpoint).isEqualTo(401);
      assertLogged(logMark, ": HTM_MISMATCH");
    }
  }

  @Test
  void dpopClientWithEs256Ps256AndEd25519KeysGetsKeycloakTokensAndCallsTheApi() throws Exception {
    for (DpopProofFactory proofs : List.of(es256(), ps256(), ed25519())) {
      DpopClient client = client(AT_JWT_CLIENT, proofs);
      for (String endpoint : ENDPOINTS) {
        HttpResponse<String> response = client.sendWithAccessToken(get(endpoint), ofString());

        assertThat(response.statusCode()).as("%s at %s", proofs, endpoint).isEqualTo(200);
      }
      assertThat(Http.proofClaims(client.sendWithAccessToken(get(KeycloakWar.JWT), ofString()).request()))
          .containsKey("ath");
    }
  }

  private DpopClient client(String clientId, DpopProofFactory proofs) throws Exception {
    AuthorizationServerMetadata metadata =
        AuthorizationServerMetadata.fetch(HttpClient.newHttpClient(), keycloak.metadata());
    return DpopClient.builder(proofs)
        .clientCredentials(ClientCredentials.of(metadata, clientId, SECRETS.get(clientId)))
        .build();
  }

  private HttpResponse<String> withProof(String endpoint, String token, DpopProofFactory proofs)
      throws Exception {
    return Http.get(uri(endpoint), "Authorization", "DPoP " + token,
        "DPoP", proofs.proof("GET", uri(endpoint), ProofClaims.accessToken(token)));
  }

  private static Map<String, Object> header(String jwt) throws Exception {
    return org.jose4j.json.JsonUtil.parseJson(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static long logSize() throws IOException {
    return Files.exists(serverLog()) ? Files.size(serverLog()) : 0;
  }

  /** Waits (briefly) for {@code text} in what the WAR logged after {@code mark}. */
  private static void assertLogged(long mark, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String logged = "";
    while (System.nanoTime() < deadline) {
      logged = logSince(mark);
      if (logged.contains(text)) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertThat(logged).as("the WAR's log after the request").contains(text);
  }

  private static String logSince(long mark) {
    try {
      byte[] all = Files.readAllBytes(serverLog());
      return new String(all, (int) mark, all.length - (int) mark, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DpopProofFactory es256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    return DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic()).build();
  }

  private static DpopProofFactory ps256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    return DpopProofFactory.builder(JwsAlgorithm.PS256, keys.getPrivate(), keys.getPublic()).build();
  }

  private static DpopProofFactory ed25519() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    return DpopProofFactory.builder(JwsAlgorithm.ED25519, keys.getPrivate(), keys.getPublic()).build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private HttpRequest get(String endpoint) throws Exception {
    return HttpRequest.newBuilder(uri(endpoint)).build();
  }

  private URI uri(String endpoint) throws Exception {
    return base.toURI().resolve(endpoint);
  }
}
