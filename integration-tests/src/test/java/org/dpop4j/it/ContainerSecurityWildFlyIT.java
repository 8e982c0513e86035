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
 * constraint, the JAX-RS resource's and the EJB's {@code @RolesAllowed} all see the DPoP caller,
 * and CDI injects its proof. The nonce settings come from MicroProfile Config
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
  void theJaxRsResourceAndTheEjbAcceptTheCallerThroughRolesAllowed() throws Exception {
    DpopClient client = environment.newClient();

    HttpResponse<String> resource = client.sendWithAccessToken(
        request(ContainerSecurityWar.RESOURCE), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> ejb = client.sendWithAccessToken(
        request(ContainerSecurityWar.EJB), HttpResponse.BodyHandlers.ofString());

    assertThat(resource.statusCode()).isEqualTo(200);
    assertThat(resource.body()).isEqualTo("jax-rs hello it-client");
    assertThat(ejb.statusCode()).isEqualTo(200);
    assertThat(ejb.body()).isEqualTo("ejb hello it-client");
  }

  @Test
  void rolesAllowedForbidsATokenWithoutTheRoleAfterDpopAuthentication() throws Exception {
    DpopClient client = environment.newClient("greetings.write");

    HttpResponse<String> resource = client.sendWithAccessToken(
        request(ContainerSecurityWar.RESOURCE), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> ejb = client.sendWithAccessToken(
        request(ContainerSecurityWar.EJB), HttpResponse.BodyHandlers.ofString());

    assertThat(resource.statusCode()).isEqualTo(403);
    assertThat(resource.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(ejb.statusCode()).isEqualTo(403);
    assertThat(ejb.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  /**
   * Stops the container from answering an anonymous caller of a resource protected only by
   * {@code @RolesAllowed} with a bare 403 (RESTEasy's {@code ForbiddenException}, the EJB's
   * {@code EJBAccessException}): the client must learn that DPoP is wanted, and with which
   * algorithms and nonce.
   */
  @Test
  void rolesAllowedResourcesWithoutCredentialsGetTheDpopChallengeNotA403() throws Exception {
    for (String endpoint : List.of(ContainerSecurityWar.RESOURCE, ContainerSecurityWar.EJB,
        ContainerSecurityWar.PROOF)) {
      HttpResponse<String> anonymous = Http.get(uri(endpoint));

      assertThat(anonymous.statusCode()).as(endpoint).isEqualTo(401);
      assertThat(anonymous.headers().allValues("WWW-Authenticate")).as(endpoint).hasSize(1);
      assertThat(Http.dpopChallenge(anonymous)).as(endpoint)
          .doesNotContainKey("error")
          .containsKey("algs");
      assertThat(anonymous.headers().firstValue("DPoP-Nonce")).as(endpoint).isPresent();
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
