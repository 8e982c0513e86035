package org.dpop4j.bench;

import java.util.concurrent.TimeUnit;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.VerifiedProof;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full verification of Ed25519 proofs by dpop4j alone: Nimbus verifies Ed25519 only with Google
 * Tink on the class path, which its DPoP verifier does not bring.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class Ed25519VerificationBenchmark extends Dpop4jVerification {

  @Param({"repeat-key", "fresh-key"})
  public String keys;

  @Setup(Level.Trial)
  public void setUp() {
    prepare(JwsAlgorithm.ED25519, keys);
  }

  @Benchmark
  public VerifiedProof dpop4j() throws DpopException {
    return verifyWithKeyCache();
  }

  @Benchmark
  public VerifiedProof dpop4jWithoutKeyCache() throws DpopException {
    return verifyWithoutKeyCache();
  }
}
