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
import java.util.ServiceLoader;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.config.ReplayCacheFactory;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.jaxrs.DpopFeature;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.security.DpopServerAuthModule;
import org.dpop4j.servlet.DpopFilter;

/**
 * Run by ModulePathCheck as a named module: a proof signed by dpop-jca and verified by dpop-core,
 * whose settings find dpop-ehcache's replay cache factory through the ServiceLoader and so build
 * the cache through dpop-ehcache's builders (Ehcache on the class path; dpop-ehcache, as the one
 * argument says, an automatic module on the module path or in the unnamed module on the class
 * path, where it can use only what dpop-core exports to everyone); the adapters instantiated.
 */
public final class ModularUser {

  private ModularUser() {}

  public static void main(String[] args) throws Exception {
    boolean ehcacheOnModulePath = args[0].equals("module-path");
    require(ModularUser.class.getModule().isNamed(), "the application is a named module");
    require(
        DpopVerifier.class.getModule().getDescriptor() != null
            && !DpopVerifier.class.getModule().getDescriptor().isAutomatic(),
        "dpop-core is an explicit module");
    ReplayCacheFactory ehcache =
        ServiceLoader.load(ReplayCacheFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(factory -> factory.name().equals("ehcache"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("unexpected: no ehcache ReplayCacheFactory"));
    require(
        ehcache.getClass().getModule().isNamed() == ehcacheOnModulePath,
        "dpop-ehcache on the " + args[0] + ": " + ehcache.getClass().getModule());
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
      if (!(settings.protection() instanceof TokenEndpointProtection protection)) {
        throw new AssertionError("unexpected: " + settings.protection());
      }
      DpopVerifier verifier = protection.verifier();
      List<String> proof = List.of(proofs.proof("POST", tokenEndpoint));
      DpopRequest request = DpopRequest.toTokenEndpoint("POST", tokenEndpoint, proof);
      require(
          verifier.verify(request).thumbprint().equals(proofs.thumbprint()),
          "the proof's key thumbprint");
      try {
        verifier.verify(request);
        throw new AssertionError("a replayed proof was accepted");
      } catch (DpopException refused) {
        require(refused.reason() == RefusalReason.REPLAYED_PROOF, "refused as replayed");
      }
      Filter filter = new DpopFilter();
      Feature feature = new DpopFeature(settings);
      ServerAuthModule authModule = new DpopServerAuthModule(DpopGate.of(protection));
      System.out.println(
          "module path check passed: the proof verified, its replay refused by the Ehcache"
              + " replay cache of "
              + ehcache.getClass().getModule()
              + "; "
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
