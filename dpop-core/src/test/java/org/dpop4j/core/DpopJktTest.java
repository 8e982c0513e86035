package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DpopJktTest {

  @ParameterizedTest
  @EnumSource(
      value = JwsAlgorithm.class,
      names = {"ES256", "PS256", "EDDSA", "ML_DSA_44"})
  void theThumbprintOfAnyProofKeyIsWellFormed(JwsAlgorithm algorithm) throws Exception {
    String thumbprint = TestKey.generate(algorithm.joseName()).thumbprint();

    assertThat(DpopJkt.isWellFormed(thumbprint)).isTrue();
    assertThat(DpopJkt.fromAuthorizationRequest(List.of(thumbprint))).hasValue(thumbprint);
  }

  @Test
  void anAuthorizationRequestWithoutDpopJktBindsNothing() throws Exception {
    assertThat(DpopJkt.fromAuthorizationRequest(List.of())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9X",       // 42 characters
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs=",     // padded
        "NzbLsXh8uDCcd+6MNwXF4W/7noWXFZAfHkxZsRGC9Xs",      // standard alphabet
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xt",      // spare bits set: not canonical
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs0",     // 44 characters, 33 bytes
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9X\u00e9", // non-ASCII
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9X ",      // space
        "0123456789abcdef0123456789abcdef0123456789a"       // hex-looking, not canonical
      })
  void malformedDpopJktAtAuthorizationEndpointIsRefused(String malformed) {
    assertThat(DpopJkt.isWellFormed(malformed)).isFalse();
    DpopException refusal = refusal(List.of(malformed));
    assertThat(refusal.reason()).isEqualTo(RefusalReason.MALFORMED_DPOP_JKT);
    assertThat(refusal.error().code()).isEqualTo("invalid_request");
  }

  @Test
  void theRfcExampleIsWellFormed() {
    assertThat(DpopJkt.isWellFormed("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")).isTrue();
  }

  @Test
  void aRepeatedDpopJktIsRefused() {
    String thumbprint = TestKey.generate("ES256").thumbprint();

    assertThat(refusal(List.of(thumbprint, thumbprint)).reason())
        .isEqualTo(RefusalReason.REPEATED_PARAMETER);
  }

  @Test
  void nullIsNotWellFormed() {
    assertThat(DpopJkt.isWellFormed(null)).isFalse();
  }

  private static DpopException refusal(List<String> values) {
    try {
      DpopJkt.fromAuthorizationRequest(values);
    } catch (DpopException e) {
      return e;
    }
    throw new AssertionError("accepted " + values);
  }
}
