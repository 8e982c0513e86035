package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.DpopProofFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Tomcat nodes behind one public name, sharing their replay memory in a real Terracotta
 * server through dpop-ehcache, selected in web.xml as a user would. Stops an attacker who sends a
 * captured request to another node of the cluster than the one that accepted it.
 */
@ExtendWith({
  ItEnvironment.Extension.class,
  TerracottaCluster.class,
  ArquillianExtension.class
})
@RunAsClient
class ReplayStoreClusterIT {

  /**
   * What the clients address: the load balancer in front of both nodes. The test client plays
   * that load balancer, so both nodes trust 127.0.0.1 to tell them the public scheme and host;
   * otherwise each node would see its own port, and a proof for one could never pass the other's
   * {@code htu} check, replayed or not.
   */
  private static final String PUBLIC_BASE = "https://api.dpop-it.test/" + ProtectedWar.CONTEXT + "/";
  private static final String FORWARDED = "proto=https;host=api.dpop-it.test";

  /**
   * A store that starts empty refuses (503) every proof issued before its epoch plus this margin,
   * since it cannot know which of them it has seen. The margin should cover the verifier's clock
   * skew (10 s by default); kept short here, where no store restarts, so the tests need not wait.
   */
  private static final Duration STORE_CLOCK_SKEW = Duration.ofSeconds(1);
  /**
   * The proofs are dated this far ahead, past the fresh store's epoch plus its margin, and still
   * within the verifier's 10 s tolerance for clocks ahead of the server's.
   */
  private static final Duration PROOF_CLOCK_AHEAD = Duration.ofSeconds(6);

  private final ItEnvironment environment = ItEnvironment.get();

  @Deployment(name = "node1", testable = false)
  @TargetsContainer("node1")
  static WebArchive node1() {
    return ProtectedWar.create(clusterSettings());
  }

  @Deployment(name = "node2", testable = false)
  @TargetsContainer("node2")
  static WebArchive node2() {
    return ProtectedWar.create(clusterSettings());
  }

  private static Map<String, String> clusterSettings() {
    Map<String, String> settings = ItEnvironment.get().resourceServerSettings();
    settings.put("dpop.replay-cache", "ehcache");
    settings.put("dpop.replay-cache.ehcache.uri", TerracottaCluster.replayStoreUri().toString());
    settings.put("dpop.replay-cache.ehcache.size-mb", "8");
    settings.put(
        "dpop.replay-cache.ehcache.clock-skew-seconds",
        Long.toString(STORE_CLOCK_SKEW.toSeconds()));
    settings.put("dpop.trusted-proxies", "127.0.0.1");
    settings.put("dpop.trusted-proxy-header", "forwarded");
    return settings;
  }

  @Test
  void aProofAcceptedOnOneNodeIsRefusedOnTheOther(
      @ArquillianResource @OperateOnDeployment("node1") URL node1,
      @ArquillianResource @OperateOnDeployment("node2") URL node2)
      throws Exception {
    String token = environment.newClient().accessToken();
    DpopProofFactory proofs =
        environment.clientProofs(Clock.offset(Clock.systemUTC(), PROOF_CLOCK_AHEAD));

    assertReplayRefusedAcrossNodes(proofs, token, ProtectedWar.SERVLET, node1, node2,
        "servlet hello it-client (DPoP)");
    assertReplayRefusedAcrossNodes(proofs, token, ProtectedWar.RESOURCE, node2, node1,
        "jax-rs hello it-client (DPoP)");
  }

  private static void assertReplayRefusedAcrossNodes(
      DpopProofFactory proofs, String token, String endpoint, URL accepting, URL other,
      String greeting)
      throws Exception {
    URI publicUri = URI.create(PUBLIC_BASE + endpoint);
    String proof = proofs.proof("GET", publicUri, ProofClaims.accessToken(token));

    HttpResponse<String> accepted = send(accepting, endpoint, token, proof);
    HttpResponse<String> replayed = send(other, endpoint, token, proof);
    HttpResponse<String> fresh =
        send(other, endpoint, token,
            proofs.proof("GET", publicUri, ProofClaims.accessToken(token)));

    assertThat(accepted.statusCode()).as(endpoint + " on the first node").isEqualTo(200);
    assertThat(accepted.body()).isEqualTo(greeting);
    assertThat(replayed.statusCode()).as(endpoint + " replayed on the other node").isEqualTo(401);
    assertThat(Http.dpopChallenge(replayed))
        .containsEntry("error", "invalid_dpop_proof")
        .containsEntry("error_description", "DPoP proof has already been used");
    assertThat(fresh.statusCode())
        .as("%s: the other node accepts a new proof, so only the shared memory refused", endpoint)
        .isEqualTo(200);
  }

  private static HttpResponse<String> send(URL node, String endpoint, String token, String proof)
      throws Exception {
    return Http.get(node.toURI().resolve(endpoint),
        "Authorization", "DPoP " + token, "DPoP", proof, "Forwarded", FORWARDED);
  }
}
