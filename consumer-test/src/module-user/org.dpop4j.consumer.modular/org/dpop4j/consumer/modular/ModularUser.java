package org.dpop4j.consumer.modular;

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
import java.util.Map;
import java.util.Optional;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.jaxrs.DpopFeature;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.security.DpopServerAuthModule;
import org.dpop4j.servlet.DpopFilter;

/**
 * Run by ModulePathCheck as a named module: a proof signed by dpop-jca and verified by dpop-core,
 * whose settings find dpop-ehcache's replay cache through the ServiceLoader (dpop-ehcache an
 * automatic module, Ehcache on the class path); the adapters instantiated.
 */
public final class ModularUser {

  private ModularUser() {}

  public static void main(String[] args) throws Exception {
    require(ModularUser.class.getModule().isNamed(), "the application is a named module");
    require(
        DpopVerifier.class.getModule().getDescriptor() != null
            && !DpopVerifier.class.getModule().getDescriptor().isAutomatic(),
        "dpop-core is an explicit module");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    // A replay store that has just started refuses proofs issued before it, plus its clock skew
    // allowance (here none), so the proof is dated ahead, within the verifier's clock skew.
    DpopProofFactory proofs =
        DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)))
            .build();
    URI tokenEndpoint = URI.create("https://as.example.com/token");

    try (DpopSettings settings =
        DpopSettings.from(
            Map.of(
                "dpop.mode", "token-endpoint",
                "dpop.replay-cache", "ehcache",
                "dpop.replay-cache.ehcache.clock-skew-seconds", "0"))) {
      List<String> proof = List.of(proofs.proof("POST", tokenEndpoint));
      DpopRequest request =
          DpopRequest.toTokenEndpoint("POST", tokenEndpoint, proof, Optional.empty());
      require(
          settings.verifier().verify(request).thumbprint().equals(proofs.thumbprint()),
          "the proof's key thumbprint");
      try {
        settings.verifier().verify(request);
        throw new AssertionError("a replayed proof was accepted");
      } catch (DpopException refused) {
        require(refused.reason() == RefusalReason.REPLAYED_PROOF, "refused as replayed");
      }
      Filter filter = new DpopFilter();
      Feature feature = new DpopFeature(settings);
      ServerAuthModule authModule = new DpopServerAuthModule(DpopGate.of(settings));
      System.out.println(
          "module path check passed: the proof verified, its replay refused by the Ehcache"
              + " replay cache; "
              + String.join(
                  ", ",
                  filter.getClass().getModule().getName(),
                  feature.getClass().getModule().getName(),
                  authModule.getClass().getModule().getName())
              + " loaded");
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("unexpected: " + what);
    }
  }
}
