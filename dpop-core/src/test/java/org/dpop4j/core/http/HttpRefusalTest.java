package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.dpop4j.core.DpopError;
import org.dpop4j.core.RefusalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRefusalTest {

  @Test
  void resourceServerRefusalIs401WithADpopChallenge() {
    HttpRefusal refusal =
        HttpRefusal.forResourceServer(RefusalReason.IAT_TOO_OLD, "ES256 PS256", Optional.empty());

    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.headers())
        .containsEntry(
            "WWW-Authenticate",
            "DPoP error=\"invalid_dpop_proof\", error_description=\"DPoP proof is too old\", algs=\"ES256 PS256\"")
        .containsEntry("Cache-Control", "no-store")
        .doesNotContainKey("DPoP-Nonce");
    assertThat(refusal.body()).isEmpty();
    assertThat(refusal.contentType()).isEmpty();
  }

  @Test
  void tokenEndpointRefusalIs400WithAJsonError() {
    HttpRefusal refusal =
        HttpRefusal.forTokenEndpoint(RefusalReason.BAD_SIGNATURE, Optional.empty());

    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.headers()).doesNotContainKey("WWW-Authenticate");
    assertThat(refusal.body())
        .isEqualTo("{\"error\":\"invalid_dpop_proof\",\"error_description\":\"DPoP proof signature is invalid\"}");
    assertThat(refusal.contentType()).contains("application/json");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void unavailableStoreIs503WithRetryAfterAndNoNonce(boolean tokenEndpoint) {
    HttpRefusal refusal =
        tokenEndpoint
            ? HttpRefusal.forTokenEndpoint(RefusalReason.REPLAY_STORE_UNAVAILABLE, Optional.of("n"))
            : HttpRefusal.forResourceServer(
                RefusalReason.REPLAY_STORE_UNAVAILABLE, "ES256", Optional.of("n"));

    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.headers()).containsEntry("Retry-After", "5").doesNotContainKey("DPoP-Nonce");
    assertThat(refusal.body()).contains("temporarily_unavailable");
  }

  @ParameterizedTest
  @EnumSource(RefusalReason.class)
  void everyDescriptionIsSafeInAQuotedString(RefusalReason reason) {
    assertThat(reason.description()).matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+");
  }

  @Test
  void challengeDropsCharactersThatCouldBreakTheHeader() {
    assertThat(DpopChallenge.withError(DpopError.INVALID_TOKEN, "a\"b\\c\r\nd", "ES256").headerValue())
        .isEqualTo("DPoP error=\"invalid_token\", error_description=\"abcd\", algs=\"ES256\"");
  }
}
