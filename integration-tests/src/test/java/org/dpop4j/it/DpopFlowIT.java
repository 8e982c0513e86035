package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.client.DpopClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole flow on one application server (Tomcat or WildFly, as failsafe's execution picks): a
 * client whose key is in a SoftHSM2 token gets a DPoP-bound token from the test authorization
 * server and calls a servlet behind the web.xml filter and a {@code @DpopProtected} JAX-RS
 * resource, both requiring server nonces; then the attacks DPoP exists to stop.
 */
@ExtendWith({ItEnvironment.Extension.class, ArquillianExtension.class})
@RunAsClient
class DpopFlowIT {

  private static final List<String> PROTECTED = List.of(ProtectedWar.SERVLET, ProtectedWar.RESOURCE);

  @ArquillianResource private URL base;

  private final ItEnvironment environment = ItEnvironment.get();

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> settings = ItEnvironment.get().resourceServerSettings();
    settings.put("dpop.nonce", "true");
    settings.put("dpop.nonce.secret", "file:" + ItEnvironment.get().nonceSecretFile());
    return ProtectedWar.create(settings);
  }

  @Test
  void anHsmBackedClientIsAcceptedByTheFilteredServletAndTheAnnotatedResource() throws Exception {
    DpopClient client = environment.newClient();

    HttpResponse<String> servlet =
        client.sendWithAccessToken(request(ProtectedWar.SERVLET), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> resource =
        client.sendWithAccessToken(request(ProtectedWar.RESOURCE), HttpResponse.BodyHandlers.ofString());

    assertThat(servlet.statusCode()).isEqualTo(200);
    assertThat(servlet.body()).isEqualTo("servlet hello it-client (DPoP)");
    assertThat(resource.statusCode()).isEqualTo(200);
    assertThat(resource.body()).isEqualTo("jax-rs hello it-client (DPoP)");
  }

  @Test
  void aRequiredNonceIsAnsweredByTheClientsSingleRetry() throws Exception {
    String token = environment.newClient().accessToken();
    DpopProofFactory proofs = environment.clientProofs();
    for (String endpoint : PROTECTED) {
      URI uri = uri(endpoint);
      HttpResponse<String> withoutNonce =
          Http.get(uri, "Authorization", "DPoP " + token,
              "DPoP", proofs.proof("GET", uri, ProofClaims.accessToken(token)));

      assertThat(withoutNonce.statusCode()).as(endpoint).isEqualTo(401);
      assertThat(Http.dpopChallenge(withoutNonce)).as(endpoint)
          .containsEntry("error", "use_dpop_nonce");
      assertThat(withoutNonce.headers().firstValue("DPoP-Nonce")).as(endpoint).isPresent();

      HttpResponse<String> answered =
          environment.newClient().sendWithAccessToken(request(endpoint),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answered.statusCode()).as(endpoint).isEqualTo(200);
      assertThat(Http.proofClaims(answered.request()))
          .as("%s: a new client knows no nonce, so the accepted request is its retry", endpoint)
          .containsKey("nonce");
    }
  }

  /** Stops an eavesdropper who captured a request (token and proof) and sends it again. */
  @Test
  void aReplayedRequestIsRefused() throws Exception {
    String token = environment.newClient().accessToken();
    DpopProofFactory proofs = environment.clientProofs();
    for (String endpoint : PROTECTED) {
      StolenTokenAttacks.assertReplayedRequestIsRefused(endpoint, uri(endpoint), token, proofs);
    }
  }

  /** Stops a thief who has the access token but not the HSM key it is bound to. */
  @Test
  void aStolenTokenUsedWithAnotherKeyIsRefused() throws Exception {
    for (String endpoint : PROTECTED) {
      StolenTokenAttacks.assertStolenTokenWithAnotherKeyIsRefused(environment, uri(endpoint));
    }
  }

  /** Stops a downgrade: a stolen DPoP-bound token presented as a plain Bearer token. */
  @Test
  void aDpopBoundTokenPresentedAsBearerIsRefused() throws Exception {
    for (String endpoint : PROTECTED) {
      StolenTokenAttacks.assertBoundTokenAsBearerIsRefused(environment, uri(endpoint));
    }
  }

  @Test
  void onlyTheFilteredPathAndTheAnnotatedMethodDemandDpop() throws Exception {
    HttpResponse<String> open = Http.get(uri(ProtectedWar.OPEN_RESOURCE));

    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body()).isEqualTo("jax-rs public");
    for (String endpoint : PROTECTED) {
      HttpResponse<String> anonymous = Http.get(uri(endpoint));

      assertThat(anonymous.statusCode()).as(endpoint).isEqualTo(401);
      assertThat(Http.dpopChallenge(anonymous))
          .as("%s: RFC 6750 §3.1, no error code for a request without credentials", endpoint)
          .doesNotContainKey("error")
          .containsKey("algs");
    }
  }

  private HttpRequest request(String endpoint) throws Exception {
    return HttpRequest.newBuilder(uri(endpoint)).build();
  }

  private URI uri(String endpoint) throws Exception {
    return base.toURI().resolve(endpoint);
  }
}
