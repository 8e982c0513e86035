package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.dpop4j.core.DpopRequest.CodeBinding;
import org.junit.jupiter.api.Test;

class DpopRequestTest {

  static final URI TARGET = URI.create("https://api.example.com/orders");

  @Test
  void aResourceServerRequestRefusesEveryNullByName() {
    List<String> proofs = List.of("proof");
    assertThatThrownBy(() -> DpopRequest.toResourceServer(null, TARGET, proofs, "t", "j"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("method");
    assertThatThrownBy(() -> DpopRequest.toResourceServer("GET", null, proofs, "t", "j"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("targetUri");
    assertThatThrownBy(() -> DpopRequest.toResourceServer("GET", TARGET, null, "t", "j"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dpopHeaderValues");
    assertThatThrownBy(() -> DpopRequest.toResourceServer("GET", TARGET, proofs, null, "j"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accessToken");
    assertThatThrownBy(() -> DpopRequest.toResourceServer("GET", TARGET, proofs, "t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tokenThumbprint");
  }

  @Test
  void aTokenEndpointRequestRefusesEveryNullByName() {
    List<String> proofs = List.of("proof");
    assertThatThrownBy(() -> DpopRequest.toTokenEndpoint(null, TARGET, proofs))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("method");
    assertThatThrownBy(() -> DpopRequest.toTokenEndpoint("POST", null, proofs))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("targetUri");
    assertThatThrownBy(() -> DpopRequest.toTokenEndpoint("POST", TARGET, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dpopHeaderValues");
    assertThatThrownBy(() -> DpopRequest.toTokenEndpoint("POST", TARGET, proofs, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dpopJkt");
    assertThatThrownBy(() -> new DpopRequest.TokenEndpointRequest("POST", TARGET, proofs, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("codeBinding");
  }

  @Test
  void aTokenRequestIsBoundToTheCodesKeyOrToNone() {
    assertThat(DpopRequest.toTokenEndpoint("POST", TARGET, List.of()).codeBinding())
        .isInstanceOf(CodeBinding.None.class);
    assertThat(DpopRequest.toTokenEndpoint("POST", TARGET, List.of(), "jkt").codeBinding())
        .isEqualTo(new CodeBinding.BoundTo("jkt"));
  }

  @Test
  void theHeaderValuesAreCopied() {
    List<String> proofs = new ArrayList<>(List.of("first"));
    DpopRequest request = DpopRequest.toTokenEndpoint("POST", TARGET, proofs);
    proofs.add("second");

    assertThat(request.dpopHeaderValues()).containsExactly("first");
  }

  @Test
  void theAccessTokenIsNotInTheTextOfARequest() {
    DpopRequest request =
        DpopRequest.toResourceServer("GET", TARGET, List.of("proof"), "s3cret-token", "jkt");

    assertThat(request.toString()).doesNotContain("s3cret-token").contains("jkt");
  }

  @Test
  void theProofsAreNotInTheTextOfATokenEndpointRequest() {
    String proof = "eyJ0eXAiOiJkcG9wK2p3dCJ9.eyJqdGkiOiJyZXBsYXktbWUifQ.c2lnbmF0dXJl";
    DpopRequest request = DpopRequest.toTokenEndpoint("POST", TARGET, List.of(proof), "jkt-1");

    assertThat(request.toString())
        .doesNotContain(proof)
        .doesNotContain("eyJ")
        .contains("POST", "1 DPoP header", "jkt-1");
  }
}
