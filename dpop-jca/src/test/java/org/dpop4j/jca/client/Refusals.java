package org.dpop4j.jca.client;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.testing.LocalHttpServer.Answer;
import org.dpop4j.testing.TestAuthorizationServer.ProofCheck;
import org.dpop4j.testing.TestAuthorizationServer.ProofOutcome;

/** dpop-core's decisions in dpop-testing's terms, for the test servers the client talks to. */
final class Refusals {

  private Refusals() {}

  /** The refusal as an answer: its status, headers, JSON content type if it has a body, body. */
  static Answer answer(HttpRefusal refusal) {
    Map<String, String> headers = new LinkedHashMap<>();
    refusal.contentType().ifPresent(type -> headers.put("Content-Type", type));
    headers.putAll(refusal.headers());
    return new Answer(refusal.status(), headers, refusal.body());
  }

  /** A token endpoint's proof check by {@code verifier}. */
  static ProofCheck tokenEndpointCheck(DpopVerifier verifier) {
    return (method, target, proofs) -> {
      try {
        return ProofOutcome.accepted(verifier.verify(
            DpopRequest.toTokenEndpoint(method, target, proofs)).thumbprint());
      } catch (DpopException e) {
        return ProofOutcome.refused(answer(TokenEndpointProtection.of(verifier).refusal(e)));
      }
    };
  }
}
