package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

/**
 * Token requests' proofs are recorded before the client authenticates, so anyone can fill the
 * store they go to: by default it is not the store of the resource requests.
 */
class TokenEndpointReplayStoreTest {

  private static final String URL = "https://example.test/token";
  private static final String TOKEN = "an-access-token";
  private static final TestKey KEY = TestKey.generate("ES256");

  /** One proof that fits both modes, so that a shared store shows as a replay. */
  private static final String PROOF = KEY.proof("POST", URL).accessToken(TOKEN).sign();

  private static VerifiedProof asResourceRequest(DpopVerifier verifier) throws DpopException {
    return verifier.verify(
        DpopRequest.toResourceServer("POST", URI.create(URL), List.of(PROOF), TOKEN, KEY.thumbprint()));
  }

  private static VerifiedProof asTokenRequest(DpopVerifier verifier, String proof)
      throws DpopException {
    return verifier.verify(
        DpopRequest.toTokenEndpoint("POST", URI.create(URL), List.of(proof)));
  }

  @Test
  void theDefaultVerifierRecordsTokenRequestsInAStoreOfTheirOwn() throws Exception {
    DpopVerifier verifier = DpopVerifier.builder().build();

    asResourceRequest(verifier);

    assertThat(asTokenRequest(verifier, PROOF).thumbprint()).isEqualTo(KEY.thumbprint());
    assertThat(Refusals.of(() -> asTokenRequest(verifier, PROOF)))
        .isEqualTo(RefusalReason.REPLAYED_PROOF);
  }

  @Test
  void anExplicitReplayCacheServesTokenRequestsToo() throws Exception {
    // A cluster's shared store must see token requests as well, or they replay across nodes.
    DpopVerifier verifier =
        DpopVerifier.builder().replayCache(InMemoryReplayCache.withMaximumSize(10)).build();

    asResourceRequest(verifier);

    assertThat(Refusals.of(() -> asTokenRequest(verifier, PROOF)))
        .isEqualTo(RefusalReason.REPLAYED_PROOF);
  }

  @Test
  void tokenEndpointReplayFloodDoesNotExhaustResourceServerStore() throws Exception {
    DpopVerifier verifier =
        DpopVerifier.builder()
            .replayCache(InMemoryReplayCache.withMaximumSize(10))
            .tokenEndpointReplayCache(InMemoryReplayCache.withMaximumSize(3))
            .build();
    for (int i = 0; i < 3; i++) {
      asTokenRequest(verifier, TestKey.generate("ES256").proof("POST", URL).sign());
    }
    String oneMore = TestKey.generate("ES256").proof("POST", URL).sign();
    assertThat(Refusals.of(() -> asTokenRequest(verifier, oneMore)))
        .isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);

    assertThat(asResourceRequest(verifier).thumbprint()).isEqualTo(KEY.thumbprint());
  }

  @Test
  void theSameStoreCannotBeBothStores() {
    InMemoryReplayCache store = InMemoryReplayCache.withMaximumSize(10);
    DpopVerifier.Builder builder =
        DpopVerifier.builder().tokenEndpointReplayCache(store).replayCache(store);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theTokenEndpointStoreIsSetOnce() {
    DpopVerifier.Builder builder =
        DpopVerifier.builder().tokenEndpointReplayCache(InMemoryReplayCache.withMaximumSize(1));

    assertThatThrownBy(() -> builder.tokenEndpointReplayCache(InMemoryReplayCache.withMaximumSize(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set");
  }
}
