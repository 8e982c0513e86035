package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.testing.LocalHttpServer;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A URI with {@code user:password@} must never have its userinfo signed into {@code htu}: RFC
 * 9110 §4.2.4 forbids sending it, and the proof would carry the password to the server and its
 * logs. It is refused, without the error repeating the secret.
 */
class UserinfoIsNeverSentTest {

  private LocalHttpServer server;
  private DpopProofFactory proofs;

  @BeforeEach
  void setUp() throws Exception {
    server = new LocalHttpServer();
    server.route("/orders", exchange -> LocalHttpServer.respond(exchange, 200, Map.of(), "ok"));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    proofs =
        DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://alice:s3cret@api.example.test/orders",
        "https://alice%3As3cret@api.example.test/orders",
        "https://s3cret@api.example.test:8443/orders",
        "https://@api.example.test/orders",
        // A host java.net.URI cannot parse (an underscore, as in Docker service names) leaves the
        // authority registry-based: no userinfo is reported, yet the raw authority holds it.
        "https://alice:s3cret@token_server/orders",
        "https://alice:s3cret@api.example.test:99999/orders"
      })
  void proofFactoryNeverSignsUserinfoIntoHtu(String target) {
    assertThatThrownBy(() -> proofs.proof("GET", URI.create(target)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userinfo")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("alice");
  }

  @Test
  void htuOfATargetWithoutUserinfoIsSchemeAuthorityAndPath() throws Exception {
    String proof = proofs.proof("GET", URI.create("HTTPS://api.example.test:8443/orders?page=2#top"));

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(proof);
    String htu = JwtClaims.parse(jws.getUnverifiedPayload()).getStringClaimValue("htu");
    assertThat(htu).isEqualTo("https://api.example.test:8443/orders");
  }

  @Test
  void clientSendsNothingForARequestWithUserinfo() {
    DpopClient client = DpopClient.builder(proofs).build();
    URI withUserinfo =
        URI.create(server.uri("/orders").toString().replace("http://", "http://alice:s3cret@"));

    assertThatThrownBy(
            () ->
                client.send(
                    HttpRequest.newBuilder(withUserinfo).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
    assertThat(server.requests("/orders")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://client-42:s3cret@as.example.test/token",
        "https://client-42:s3cret@auth_server/token"
      })
  void tokenEndpointWithUserinfoIsRefusedWhenConfigured(String tokenEndpoint) {
    assertThatThrownBy(() -> ClientCredentials.of(URI.create(tokenEndpoint), "client-42", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userinfo")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aHostWithAnUnderscoreAndNoUserinfoStillGetsItsProof() throws Exception {
    String proof = proofs.proof("GET", URI.create("http://token_server:8080/orders"));

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(proof);
    assertThat(JwtClaims.parse(jws.getUnverifiedPayload()).getStringClaimValue("htu"))
        .isEqualTo("http://token_server:8080/orders");
  }
}
