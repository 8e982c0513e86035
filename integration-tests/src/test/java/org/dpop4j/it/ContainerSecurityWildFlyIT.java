package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dpop4j.jca.client.DpopClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * dpop-jakarta-security's Jakarta Security mechanism on WildFly: the servlet's security
 * constraint, the JAX-RS resource's (RESTEasy) and the EJB's {@code @RolesAllowed} all see the
 * DPoP caller, and CDI injects its proof. The nonce settings come from MicroProfile Config
 * ({@code META-INF/microprofile-config.properties}), the rest from context params. The server
 * runs with {@code src/test/wildfly/container-security.cli} applied (integrated-jaspi off).
 */
@ExtendWith({ItEnvironment.Extension.class, ArquillianExtension.class})
@RunAsClient
class ContainerSecurityWildFlyIT extends ContainerSecurityContract {

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> contextParams = new LinkedHashMap<>(nonceSettings());
    Map<String, String> microProfileConfig = new LinkedHashMap<>();
    for (String name : List.of("dpop.nonce", "dpop.nonce.secret")) {
      microProfileConfig.put(name, contextParams.remove(name));
    }
    return ContainerSecurityWar.forWildFly(contextParams, microProfileConfig);
  }

  @Override
  List<String> protectedEndpoints() {
    return List.of(ContainerSecurityWar.SERVLET, ContainerSecurityWar.RESOURCE);
  }

  @Test
  void theEjbAcceptsTheCallerThroughRolesAllowed() throws Exception {
    HttpResponse<String> ejb = environment.newClient().sendWithAccessToken(
        request(ContainerSecurityWar.EJB), HttpResponse.BodyHandlers.ofString());

    assertThat(ejb.statusCode()).isEqualTo(200);
    assertThat(ejb.body()).isEqualTo("ejb hello it-client");
  }

  @Test
  void theEjbsRolesAllowedForbidsATokenWithoutTheRoleAfterDpopAuthentication() throws Exception {
    DpopClient client = environment.newClient("greetings.write");

    HttpResponse<String> ejb = client.sendWithAccessToken(
        request(ContainerSecurityWar.EJB), HttpResponse.BodyHandlers.ofString());

    assertThat(ejb.statusCode()).isEqualTo(403);
    assertThat(ejb.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  /**
   * Stops the EJB container from answering an anonymous caller with its {@code
   * EJBAccessException} (a 500, or a bare 403), and does the same for the resource injecting the
   * proof: the client must learn that DPoP is wanted, and with which algorithms and nonce. The
   * plain JAX-RS resource is the contract's {@link
   * #aResourceProtectedOnlyByRolesAllowedChallengesAnAnonymousCallerNotA403}.
   */
  @Test
  void theRolesAllowedEjbAndProofResourceChallengeAnAnonymousCallerNotA403() throws Exception {
    for (String endpoint : List.of(ContainerSecurityWar.EJB, ContainerSecurityWar.PROOF)) {
      assertDpopChallengeWithoutCredentials(endpoint);
    }
  }

  @Test
  void anInjectedVerifiedProofCarriesTheCallersKeyThumbprint() throws Exception {
    HttpResponse<String> response = environment.newClient().sendWithAccessToken(
        request(ContainerSecurityWar.PROOF), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(environment.clientProofs().thumbprint());
  }
}
