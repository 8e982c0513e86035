package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dpop4j.core.AuthorizationCodeBinding;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

/**
 * The gate in token-endpoint mode with an {@link AuthorizationCodeBinding}: the failure paths a
 * servlet test cannot provoke (the attacks themselves run through the servlet filter over HTTP).
 */
class TokenEndpointCodeBindingTest {

  private static final String TOKEN_ENDPOINT = "https://as.example.test/token";
  private static final TestKey CLIENT = TestKey.generate("ES256");

  private static DpopGate.Verdict send(
      AuthorizationCodeBinding binding, Map<String, List<String>> parameters, TestKey signer) {
    DpopGate gate =
        DpopGate.of(
            TokenEndpointProtection.builder(DpopVerifier.builder().build())
                .authorizationCodeBinding(binding)
                .build());
    return gate.check(
        new TestRequest(
            "POST",
            TOKEN_ENDPOINT,
            Optional.of("192.0.2.7"),
            Map.of("DPoP", List.of(signer.proof("POST", TOKEN_ENDPOINT).sign())),
            parameters));
  }

  private static RefusalReason refusal(DpopGate.Verdict verdict) {
    assertThat(verdict).isInstanceOf(DpopGate.Refused.class);
    return ((DpopGate.Refused) verdict).response().reason();
  }

  private static Map<String, List<String>> codeGrant(String code) {
    return Map.of("grant_type", List.of("authorization_code"), "code", List.of(code));
  }

  @Test
  void aCodeBoundToTheProofKeyPasses() {
    DpopGate.Verdict verdict =
        send(code -> Optional.of(CLIENT.thumbprint()), codeGrant("abc"), CLIENT);

    assertThat(verdict).isInstanceOf(DpopGate.Accepted.class);
  }

  @Test
  void anUnboundCodePasses() {
    assertThat(send(code -> Optional.empty(), codeGrant("abc"), CLIENT))
        .isInstanceOf(DpopGate.Accepted.class);
  }

  @Test
  void anyGrantTypeSpellingStillHasItsCodeChecked() {
    Map<String, List<String>> parameters =
        Map.of("grant_type", List.of("AUTHORIZATION_CODE"), "code", List.of("abc"));

    RefusalReason reason =
        refusal(send(code -> Optional.of(CLIENT.thumbprint()), parameters,
            TestKey.generate("ES256")));

    assertThat(reason).isEqualTo(RefusalReason.DPOP_JKT_MISMATCH);
  }

  @Test
  void aCodeHiddenFromTheGateIsRefusedNotSkipped() {
    // What a JAX-RS filter sees of a form-encoded token request: no parameters at all.
    RefusalReason reason =
        refusal(send(code -> Optional.of(CLIENT.thumbprint()), Map.of(),
            TestKey.generate("ES256")));

    assertThat(reason).isEqualTo(RefusalReason.MISSING_GRANT_TYPE);
  }

  @Test
  void aRepeatedCodeIsRefused() {
    Map<String, List<String>> parameters =
        Map.of("grant_type", List.of("authorization_code"), "code", List.of("unbound", "bound"));

    assertThat(refusal(send(code -> Optional.empty(), parameters, CLIENT)))
        .isEqualTo(RefusalReason.REPEATED_PARAMETER);
  }

  @Test
  void aBindingStoreThatCannotAnswerIs503() {
    AuthorizationCodeBinding down =
        code -> {
          throw new IllegalStateException("database down, code " + code);
        };

    DpopGate.Verdict verdict = send(down, codeGrant("abc"), CLIENT);

    assertThat(refusal(verdict)).isEqualTo(RefusalReason.CODE_BINDING_UNAVAILABLE);
    assertThat(((DpopGate.Refused) verdict).response().status()).isEqualTo(503);
  }

  @Test
  void aBindingThatAnswersNullIs503() {
    assertThat(refusal(send(code -> null, codeGrant("abc"), CLIENT)))
        .isEqualTo(RefusalReason.CODE_BINDING_UNAVAILABLE);
  }
}
