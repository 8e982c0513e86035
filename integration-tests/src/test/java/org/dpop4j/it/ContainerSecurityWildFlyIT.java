package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * With the WAR's {@code ejb-jar.xml} ({@link ContainerSecurityWar#EJB_ACCESS_REFUSAL_EXPECTED}),
   * a refused EJB call (anonymous, or without the role) is answered as before and leaves no
   * {@code WFLYEJB0034} ERROR with a stack trace in the server log; the refusal stays one INFO
   * line of {@code DpopGate} for the anonymous call.
   */
  @Test
  void aRefusedEjbCallIsAnsweredWithoutAnErrorInTheServerLog() throws Exception {
    Path serverLog = Path.of(System.getProperty("wildfly.home"), "standalone", "log", "server.log");
    long before = Files.size(serverLog);

    HttpResponse<String> anonymous = Http.get(uri(ContainerSecurityWar.EJB));
    HttpResponse<String> withoutRole = environment.newClient("greetings.write").sendWithAccessToken(
        request(ContainerSecurityWar.EJB), HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(withoutRole.statusCode()).isEqualTo(403);
    String logged = logWrittenSince(serverLog, before);
    assertThat(logged).as("the log of these two calls").contains("MISSING_CREDENTIALS");
    assertThat(logged).doesNotContain("WFLYEJB0034").doesNotContain("EJBAccessException");
  }

  private static String logWrittenSince(Path log, long offset) throws Exception {
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      channel.position(offset);
      ByteBuffer written = ByteBuffer.allocate((int) (channel.size() - offset));
      while (written.hasRemaining() && channel.read(written) >= 0) {
        // read to the end of what the server had written when the responses arrived
      }
      return new String(written.array(), 0, written.position(), StandardCharsets.UTF_8);
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
