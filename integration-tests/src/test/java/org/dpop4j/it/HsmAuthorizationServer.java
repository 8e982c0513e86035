package org.dpop4j.it;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.jca.AccessTokenSigner;
import org.dpop4j.jca.pkcs11.Pkcs11Token;
import org.dpop4j.testing.LocalHttpServer.Answer;
import org.dpop4j.testing.TestAuthorizationServer;
import org.dpop4j.testing.TestAuthorizationServer.ProofOutcome;

/**
 * The authorization server the deployments trust: dpop-testing's client-credentials token
 * endpoint on 127.0.0.1, checking the client's DPoP proof with dpop-core (token-endpoint mode) and
 * issuing JWT access tokens bound to the proof's key ({@code cnf.jkt}), signed in the HSM by
 * dpop-jca.
 */
final class HsmAuthorizationServer implements AutoCloseable {

  static final String CLIENT_ID = "it-client";
  static final String AUDIENCE = "https://api.dpop-it.test";

  private final DpopVerifier proofs = DpopVerifier.builder().build();
  private final TestAuthorizationServer server;
  private final AccessTokenSigner signer;

  HsmAuthorizationServer(Pkcs11Token hsm, String clientSecret) throws Exception {
    server = TestAuthorizationServer.start(CLIENT_ID, clientSecret, this::checkProof);
    KeyPair signingKeys = hsm.generateKeyPair("it-authorization-server", JwsAlgorithm.ES256);
    signer =
        AccessTokenSigner.builder(
                JwsAlgorithm.ES256, signingKeys.getPrivate(), signingKeys.getPublic())
            .provider(hsm.provider())
            .issuer(issuer())
            .audience(AUDIENCE)
            .tokenLifetime(Duration.ofMinutes(10))
            .build();
    server.signer(signer::sign, signer.tokenLifetime());
  }

  String issuer() {
    return server.issuer();
  }

  URI tokenEndpoint() {
    return server.tokenEndpoint();
  }

  /** The public signing key, for the deployments' {@code dpop.token.jwks}. */
  String jwks() {
    return signer.jwksJson();
  }

  private ProofOutcome checkProof(String method, URI target, List<String> dpop) {
    try {
      return ProofOutcome.accepted(
          proofs.verify(DpopRequest.toTokenEndpoint(method, target, dpop))
              .thumbprint());
    } catch (DpopException e) {
      HttpRefusal refusal = TokenEndpointProtection.of(proofs).refusal(e);
      Map<String, String> headers = new LinkedHashMap<>(refusal.headers());
      headers.put("Content-Type", "application/json");
      return ProofOutcome.refused(new Answer(refusal.status(), headers, refusal.body()));
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
