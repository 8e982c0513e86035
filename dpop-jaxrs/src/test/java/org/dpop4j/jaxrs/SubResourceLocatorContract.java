package org.dpop4j.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What {@link DpopProtected} covers through sub-resource locators, which JAX-RS name binding
 * does not reach: {@link DpopFeatureContract} runs it on each implementation, over real HTTP,
 * against {@link VaultResource}, {@link LibraryResource} and {@link RoomsResource}.
 */
interface SubResourceLocatorContract {

  HttpResponse<String> sendWithoutCredentials(String path) throws IOException, InterruptedException;

  /** With a valid token and proof for {@code path}. */
  HttpResponse<String> sendWithDpop(String path) throws IOException, InterruptedException;

  /** To the deployment that trusts proxies, as forwarded by one from {@code https://api.example.test}. */
  HttpResponse<String> sendWithDpopThroughTrustedProxy(String path)
      throws IOException, InterruptedException;

  private static void assertChallenged(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("DPoP algs=\"ES256 PS256\"");
    assertThat(response.body()).doesNotContain("caller=");
  }

  private static void assertAnswered(HttpResponse<String> response, String body) {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  default void subResourceLocatorCannotBypassDpopProtected() throws Exception {
    assertChallenged(sendWithoutCredentials("/api/vault/secrets"));
    assertChallenged(sendWithoutCredentials("/api/vault/secrets/"));
    assertChallenged(sendWithoutCredentials("/api/vault/secrets/master-key"));

    assertAnswered(sendWithDpop("/api/vault/secrets"), "vault secrets, caller=alice");
    assertAnswered(
        sendWithDpop("/api/vault/secrets/master-key"), "vault secret master-key, caller=alice");
  }

  @Test
  default void openResourceClassCannotBypassItsProtectedLocator() throws Exception {
    assertChallenged(sendWithoutCredentials("/api/library/archive"));
    assertChallenged(sendWithoutCredentials("/api/library/archive/ledger"));

    assertAnswered(sendWithDpop("/api/library/archive"), "archive secrets, caller=alice");
  }

  @Test
  default void nestedLocatorsCannotBypassAProtectedLocator() throws Exception {
    assertChallenged(sendWithoutCredentials("/api/library/shelves/rare"));
    assertChallenged(sendWithoutCredentials("/api/library/shelves/rare/codex"));

    assertAnswered(sendWithDpop("/api/library/shelves/rare"), "rare secrets, caller=alice");
  }

  @Test
  default void openLocatorCannotBypassAProtectedSubResourceClass() throws Exception {
    assertChallenged(sendWithoutCredentials("/api/library/lockbox"));

    assertAnswered(sendWithDpop("/api/library/lockbox"), "lockbox, caller=alice");
  }

  @Test
  default void openLiteralLocatorCannotBypassAProtectedTemplateLocator() throws Exception {
    assertChallenged(sendWithoutCredentials("/api/rooms/7"));
    assertChallenged(sendWithoutCredentials("/api/rooms/7/lobby"));

    assertAnswered(sendWithDpop("/api/rooms/7"), "room 7 secrets, caller=alice");
  }

  /**
   * Jersey cuts matched URIs from the path with matrix parameters while matching without them:
   * here its matched URIs say the open {@code lobby} locator consumed {@code lobby}, though the
   * protected {@code {room}} locator consumed {@code zzzzz}.
   */
  @Test
  default void matrixParametersCannotMisleadTheLocatorCheck() throws Exception {
    assertChallenged(sendWithoutCredentials("/api/rooms/zzzzz/lobby;m=123"));
    assertChallenged(sendWithoutCredentials("/api/library/archive;v=1"));
    assertChallenged(sendWithoutCredentials("/api/library;v=1/archive"));

    assertAnswered(
        sendWithDpop("/api/rooms/zzzzz/lobby;m=123"), "room zzzzz secret lobby, caller=alice");
  }

  /** Both runtimes match templates against the encoded path: {@code lobb%79} is a room. */
  @Test
  default void percentEncodingCannotHideAProtectedLocator() throws Exception {
    assertChallenged(sendWithoutCredentials("/api/rooms/lobb%79"));

    assertAnswered(sendWithDpop("/api/rooms/lobb%79"), "room lobby secrets, caller=alice");
  }

  @Test
  default void openLocatorsBesideProtectedOnesNeedNoCredentials() throws Exception {
    assertAnswered(sendWithoutCredentials("/api/library/catalog"), "catalog secrets, caller=nobody");
    assertAnswered(
        sendWithoutCredentials("/api/library/catalog/index"), "catalog secret index, caller=nobody");
    assertAnswered(
        sendWithoutCredentials("/api/library/shelves/novels"), "novels secrets, caller=nobody");
    assertAnswered(sendWithoutCredentials("/api/rooms/lobby"), "lobby secrets, caller=nobody");
    assertAnswered(sendWithoutCredentials("/api/orders/public"), "open, authenticated=false");
  }

  @Test
  default void trustedProxyIsHonouredBehindALocator() throws Exception {
    assertAnswered(
        sendWithDpopThroughTrustedProxy("/proxied/vault/secrets"), "vault secrets, caller=alice");
  }
}
