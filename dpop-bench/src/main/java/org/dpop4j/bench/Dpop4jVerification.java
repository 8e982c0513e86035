package org.dpop4j.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.VerifiedProof;

/**
 * What the verification benchmarks share: the proof pool and dpop4j's verifier with its key
 * cache and without it ({@code keyCacheSize(0)}: jose4j parsing and the JDK's signature check).
 *
 * <p>{@code repeat-key}: every proof by one key, as a resource server sees a busy client. {@code
 * fresh-key}: every proof by another key, cycling through four times as many keys as the key
 * cache holds, so every verification misses the cache, as under a flood of new keys.
 */
abstract class Dpop4jVerification {

  static final Duration PROOF_LIFETIME = Duration.ofMinutes(50);
  static final URI TARGET = URI.create(ProofPool.TARGET);
  private static final int REPEAT_KEY_PROOFS = 1024;
  private static final int FRESH_KEYS = 512;
  // RSA key generation takes about 0.1 s a key on the benchmark machine.
  private static final int FRESH_RSA_KEYS = 64;

  ProofPool proofs;
  private final ResettableReplayCache replayCache = new ResettableReplayCache();
  private DpopVerifier withKeyCache;
  private DpopVerifier withoutKeyCache;

  void prepare(JwsAlgorithm algorithm, String keys) {
    int keyCacheSize;
    if (keys.equals("repeat-key")) {
      proofs = ProofPool.repeatKey(algorithm, REPEAT_KEY_PROOFS);
      keyCacheSize = 1024;
    } else if (keys.equals("fresh-key")) {
      proofs =
          ProofPool.freshKeys(
              algorithm, algorithm.keyType().equals("RSA") ? FRESH_RSA_KEYS : FRESH_KEYS);
      keyCacheSize = proofs.size() / 4;
    } else {
      throw new IllegalArgumentException("keys must be repeat-key or fresh-key: " + keys);
    }
    withKeyCache = verifier(algorithm, keyCacheSize);
    withoutKeyCache = verifier(algorithm, 0);
  }

  private DpopVerifier verifier(JwsAlgorithm algorithm, int keyCacheSize) {
    return DpopVerifier.builder()
        // ML-DSA is allowed only when asked for.
        .allowedAlgorithms(Set.of(algorithm))
        .proofLifetime(PROOF_LIFETIME, Duration.ofSeconds(10))
        .replayCache(replayCache)
        .keyCacheSize(keyCacheSize)
        .build();
  }

  VerifiedProof verifyWithKeyCache() throws DpopException {
    return verify(withKeyCache);
  }

  VerifiedProof verifyWithoutKeyCache() throws DpopException {
    return verify(withoutKeyCache);
  }

  private VerifiedProof verify(DpopVerifier verifier) throws DpopException {
    if (proofs.atLapStart()) {
      replayCache.reset();
    }
    ProofPool.Proof proof = proofs.next();
    return verifier.verify(
        DpopRequest.toResourceServer(
            ProofPool.METHOD,
            TARGET,
            List.of(proof.compact()),
            ProofPool.ACCESS_TOKEN,
            proof.thumbprint()));
  }
}
