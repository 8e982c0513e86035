package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.internal.BuilderContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** The builder contract of {@link DpopVerifier.Builder}: nulls, ranges, setting twice, conflicts. */
class DpopVerifierBuilderTest extends BuilderContractTest<DpopVerifier.Builder> {

  interface Setter extends UnaryOperator<DpopVerifier.Builder> {}

  @Override
  protected DpopVerifier.Builder newBuilder() {
    return DpopVerifier.builder();
  }

  static final NonceService NONCES =
      NonceService.builder(new SecretKeySpec(new byte[32], "HmacSHA256")).build();

  static Stream<Arguments> nulls() {
    return Stream.of(
        Arguments.of("allowedAlgorithms", (Setter) b -> b.allowedAlgorithms(null)),
        Arguments.of("maxAge", (Setter) b -> b.proofLifetime(null, Duration.ZERO)),
        Arguments.of("clockSkew", (Setter) b -> b.proofLifetime(Duration.ofSeconds(1), null)),
        Arguments.of("replayCache", (Setter) b -> b.replayCache(null)),
        Arguments.of("tokenEndpointReplayCache", (Setter) b -> b.tokenEndpointReplayCache(null)),
        Arguments.of("requireNonce", (Setter) b -> b.requireNonce(null)),
        Arguments.of("clock", (Setter) b -> b.clock(null)),
        Arguments.of("observer", (Setter) b -> b.observer(null)));
  }

  @Test
  void aNullAlgorithmInTheSetIsRefused() {
    Set<JwsAlgorithm> withNull = new HashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> DpopVerifier.builder().allowedAlgorithms(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("allowedAlgorithms");
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("at least one algorithm", (Setter) b -> b.allowedAlgorithms(Set.of())),
        Arguments.of("maxAge", (Setter) b -> b.proofLifetime(Duration.ZERO, Duration.ZERO)),
        Arguments.of("clockSkew", (Setter) b -> b.proofLifetime(Duration.ofSeconds(60), Duration.ofSeconds(-1))),
        Arguments.of("one hour", (Setter) b -> b.proofLifetime(Duration.ofMinutes(59), Duration.ofMinutes(2))),
        Arguments.of("maxProofLength", (Setter) b -> b.maxProofLength(255)),
        Arguments.of("maxProofLength", (Setter) b -> b.maxProofLength(64 * 1024 + 1)),
        Arguments.of("maxJtiLength", (Setter) b -> b.maxJtiLength(15)),
        Arguments.of("maxJtiLength", (Setter) b -> b.maxJtiLength(1025)),
        Arguments.of("keyCacheSize", (Setter) b -> b.keyCacheSize(-1)),
        Arguments.of("keyCacheSize", (Setter) b -> b.keyCacheSize(1_000_001)));
  }

  @Test
  void theLimitsOfEachRangeAreAccepted() {
    assertThatCode(
            () ->
                DpopVerifier.builder()
                    .proofLifetime(Duration.ofMinutes(59), Duration.ofMinutes(1))
                    .maxProofLength(256)
                    .maxJtiLength(1024)
                    .keyCacheSize(0)
                    .build())
        .doesNotThrowAnyException();
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("allowedAlgorithms", (Setter) b -> b.allowedAlgorithms(EnumSet.of(JwsAlgorithm.ES256))),
        Arguments.of("proofLifetime", (Setter) b -> b.proofLifetime(Duration.ofSeconds(30), Duration.ofSeconds(5))),
        Arguments.of("maxProofLength", (Setter) b -> b.maxProofLength(4096)),
        Arguments.of("maxJtiLength", (Setter) b -> b.maxJtiLength(64)),
        Arguments.of("replayCache", (Setter) b -> b.replayCache(InMemoryReplayCache.withMaximumSize(1))),
        Arguments.of("tokenEndpointReplayCache", (Setter) b -> b.tokenEndpointReplayCache(InMemoryReplayCache.withMaximumSize(1))),
        Arguments.of("requireNonce", (Setter) b -> b.requireNonce(NONCES)),
        Arguments.of("keyCacheSize", (Setter) b -> b.keyCacheSize(16)),
        Arguments.of("clock", (Setter) b -> b.clock(Clock.systemUTC())),
        Arguments.of("observer", (Setter) b -> b.observer(DpopObserver.NONE)));
  }

  @Test
  void oneStoreForBothKindsOfRequestIsRefusedAtBuild() {
    InMemoryReplayCache store = InMemoryReplayCache.withMaximumSize(10);
    DpopVerifier.Builder builder =
        DpopVerifier.builder().replayCache(store).tokenEndpointReplayCache(store);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tokenEndpointReplayCache");
  }

  @Test
  void aRefusedValueLeavesTheOptionUnset() {
    DpopVerifier.Builder builder = DpopVerifier.builder();
    assertThatThrownBy(() -> builder.maxJtiLength(1)).isInstanceOf(IllegalArgumentException.class);

    assertThatCode(() -> builder.maxJtiLength(64)).doesNotThrowAnyException();
  }
}
