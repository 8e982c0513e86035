package org.dpop4j.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InMemoryDPoPSingleUseChecker;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Full RFC 9449 verification of the same proofs by dpop4j and by Nimbus' {@code
 * DPoPProtectedResourceRequestVerifier}: parsing, header and claim checks, {@code ath}, the
 * {@code cnf.jkt} binding, the signature and the replay check, on one thread. See {@link
 * Dpop4jVerification} for the {@code keys} cases.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class ProofVerificationBenchmark extends Dpop4jVerification {

  @Param({"ES256", "PS256", "RS256"})
  public String algorithm;

  @Param({"repeat-key", "fresh-key"})
  public String keys;

  private final DPoPAccessToken nimbusAccessToken = new DPoPAccessToken(ProofPool.ACCESS_TOKEN);
  private final DPoPIssuer nimbusIssuer = new DPoPIssuer("client");
  private InMemoryDPoPSingleUseChecker nimbusReplayCache;
  private DPoPProtectedResourceRequestVerifier nimbus;

  @Setup(Level.Trial)
  public void setUp() {
    prepare(JwsAlgorithm.valueOf(algorithm), keys);
    newNimbusVerifier();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    nimbusReplayCache.shutdown();
  }

  @Benchmark
  public VerifiedProof dpop4j() throws DpopException {
    return verifyWithKeyCache();
  }

  @Benchmark
  public VerifiedProof dpop4jWithoutKeyCache() throws DpopException {
    return verifyWithoutKeyCache();
  }

  @Benchmark
  public SignedJWT nimbus() throws Exception {
    if (proofs.atLapStart()) {
      newNimbusVerifier();
    }
    ProofPool.Proof proof = proofs.next();
    SignedJWT jwt = SignedJWT.parse(proof.compact());
    nimbus.verify(
        ProofPool.METHOD,
        TARGET,
        nimbusIssuer,
        jwt,
        nimbusAccessToken,
        new JWKThumbprintConfirmation(new Base64URL(proof.thumbprint())),
        null,
        null);
    return jwt;
  }

  /** A new verifier with empty replay state for each lap of the proof pool. */
  private void newNimbusVerifier() {
    if (nimbusReplayCache != null) {
      nimbusReplayCache.shutdown();
    }
    nimbusReplayCache = new InMemoryDPoPSingleUseChecker(PROOF_LIFETIME.toSeconds(), 600);
    nimbus =
        new DPoPProtectedResourceRequestVerifier(
            Set.of(JWSAlgorithm.parse(algorithm)),
            PROOF_LIFETIME.toSeconds(),
            PROOF_LIFETIME.toSeconds(),
            nimbusReplayCache);
  }
}
