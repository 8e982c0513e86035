package org.dpop4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.TestKey;

/**
 * Signed proofs that benchmarks verify in turn, each proof once per lap. Proofs of one lap all
 * carry different {@code jti}s; between laps the caller starts replay protection afresh.
 */
final class ProofPool {

  /** One proof and the thumbprint its access token is bound to. */
  record Proof(String compact, String thumbprint) {}

  static final String METHOD = "GET";
  static final String TARGET = "https://api.example.com/orders";
  static final String ACCESS_TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

  private final List<Proof> proofs;
  private int next;

  private ProofPool(List<Proof> proofs) {
    this.proofs = proofs;
  }

  /** {@code count} proofs by one key: a client seen again and again. */
  static ProofPool repeatKey(JwsAlgorithm algorithm, int count) {
    TestKey key = TestKey.generate(algorithm.joseName());
    List<Proof> proofs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      proofs.add(sign(key));
    }
    return new ProofPool(proofs);
  }

  /** One proof by each of {@code count} keys: a new client for every request. */
  static ProofPool freshKeys(JwsAlgorithm algorithm, int count) {
    List<Proof> proofs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      proofs.add(sign(TestKey.generate(algorithm.joseName())));
    }
    return new ProofPool(proofs);
  }

  private static Proof sign(TestKey key) {
    return new Proof(key.proof(METHOD, TARGET).accessToken(ACCESS_TOKEN).sign(), key.thumbprint());
  }

  int size() {
    return proofs.size();
  }

  /** The next proof, starting over after the last one. */
  Proof next() {
    Proof proof = proofs.get(next);
    next = (next + 1) % proofs.size();
    return proof;
  }

  /** Whether the proof {@link #next()} returns next begins a new lap. */
  boolean atLapStart() {
    return next == 0;
  }
}
