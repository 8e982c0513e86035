package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.junit.jupiter.api.Test;

/** The builder contract of {@link TokenEndpointProtection.Builder}. */
class TokenEndpointProtectionBuilderTest {

  private static final DpopVerifier VERIFIER = DpopVerifier.builder().build();

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> TokenEndpointProtection.builder(null)).hasMessage("verifier");
    assertThatThrownBy(() -> TokenEndpointProtection.of(null)).hasMessage("verifier");
    TokenEndpointProtection.Builder builder = TokenEndpointProtection.builder(VERIFIER);
    assertThatThrownBy(() -> builder.targetUriResolver(null)).hasMessage("targetUriResolver");
    assertThatThrownBy(() -> builder.authorizationCodeBinding(null)).hasMessage("authorizationCodeBinding");
    assertThatThrownBy(() -> builder.build().refusal(null)).hasMessage("refusal");
  }

  @Test
  void everyOptionIsSetOnce() {
    TokenEndpointProtection.Builder builder =
        TokenEndpointProtection.builder(VERIFIER)
            .targetUriResolver(TargetUriResolver.withoutProxies())
            .authorizationCodeBinding(code -> Optional.empty());

    assertThatThrownBy(() -> builder.targetUriResolver(TargetUriResolver.withoutProxies()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("targetUriResolver is already set");
    assertThatThrownBy(() -> builder.authorizationCodeBinding(code -> Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("authorizationCodeBinding is already set");
  }

  @Test
  void theStartupSummaryTellsWhetherCodesAreChecked() {
    assertThat(TokenEndpointProtection.of(VERIFIER).toString()).contains("codeBinding=none");
  }

  @Test
  void aTokenEndpointRefusalIsAJsonErrorNeverAChallenge() {
    HttpRefusal refusal =
        TokenEndpointProtection.of(VERIFIER).refusal(new DpopException(RefusalReason.BAD_SIGNATURE));

    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.headers()).doesNotContainKey("WWW-Authenticate");
    assertThat(refusal.contentType()).contains("application/json");
  }
}
