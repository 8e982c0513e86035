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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full verification of ML-DSA-44 proofs (RFC 9964 {@code AKP} keys, BouncyCastle), by dpop4j
 * alone: Nimbus 11.39 does not verify ML-DSA. Repeat-key only, as ML-DSA keys are never cached
 * (see {@code VerificationKey}): a fresh key costs the same, and so does {@code keyCacheSize(0)}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class MlDsaVerificationBenchmark extends Dpop4jVerification {

  @Setup(Level.Trial)
  public void setUp() {
    prepare(JwsAlgorithm.ML_DSA_44, "repeat-key");
  }

  @Benchmark
  public VerifiedProof dpop4j() throws DpopException {
    return verifyWithKeyCache();
  }
}
