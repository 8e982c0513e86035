package org.dpop4j.consumer;

import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.Filter;
import jakarta.ws.rs.core.Feature;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.ehcache.EhcacheReplayCache;
import org.dpop4j.jaxrs.DpopFeature;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.security.DpopServerAuthModule;
import org.dpop4j.servlet.DpopFilter;

/**
 * Uses one type of every published module, as an application would, and exits non-zero when
 * anything is off: the dependencies a user gets from the BOM are complete at run time, not only
 * resolvable.
 */
public final class ConsumerCheck {

  private ConsumerCheck() {}

  public static void main(String[] args) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    // A replay store that has just started refuses proofs issued before it (plus its clock skew
    // allowance), since it cannot know them; so the proof is dated two seconds ahead, which the
    // verifier's default clock skew accepts.
    DpopProofFactory proofs = // dpop-jca
        DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)))
            .build();
    URI tokenEndpoint = URI.create("https://as.example.com/token");

    // dpop-ehcache from an XML file: Ehcache, its JAXB runtime and its dependencies are there
    try (EhcacheReplayCache replayCache =
        EhcacheReplayCache.fromXml("classpath:consumer-replay.xml", "dpop-replay")
            .clockSkew(Duration.ZERO)
            .build()) {
      DpopVerifier verifier = DpopVerifier.builder().replayCache(replayCache).build(); // dpop-core
      DpopRequest request =
          DpopRequest.toTokenEndpoint(
              "POST", tokenEndpoint, List.of(proofs.proof("POST", tokenEndpoint)));

      VerifiedProof verified = verifier.verify(request);
      require(verified.thumbprint().equals(proofs.thumbprint()), "the proof's key thumbprint");
      try {
        verifier.verify(request);
        throw new AssertionError("a replayed proof was accepted");
      } catch (DpopException refused) {
        require(refused.reason() == RefusalReason.REPLAYED_PROOF, "refused as replayed");
      }

      DpopAuthenticator authenticator =
          DpopAuthenticator.of(verifier, token -> AccessToken.builder("alice").build());
      Filter filter = new DpopFilter(); // dpop-servlet
      Feature feature = new DpopFeature(authenticator); // dpop-jaxrs
      ServerAuthModule authModule = // dpop-jakarta-security
          new DpopServerAuthModule(DpopGate.of(ResourceServerProtection.of(authenticator)));
      System.out.println(
          "consumer check passed: "
              + verified.algorithm()
              + " proof verified, its replay refused; "
              + filter.getClass().getName()
              + " and "
              + feature.getClass().getName()
              + " and "
              + authModule.getClass().getName()
              + " loaded");
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("unexpected: " + what);
    }
  }
}
