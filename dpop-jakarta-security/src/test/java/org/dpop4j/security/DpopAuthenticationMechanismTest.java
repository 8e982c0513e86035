package org.dpop4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.DpopPrincipal;
import org.dpop4j.core.http.DpopRequestAttributes;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta Security mechanism as a container drives it: started with the application's
 * context params, then asked to validate requests, with a recording {@link
 * RecordingMessageContext} in the container's place. What a user sees is the status the
 * container gets, what it was told about the caller, and the response written.
 */
class DpopAuthenticationMechanismTest {

  private static final String ROLE = "greetings.read";
  private static final String URL = "https://api.example/orders";
  private static final TestTokens TOKENS = TestTokens.generate();
  private static final TestKey KEY = TestKey.generate("ES256");

  private final DpopAuthenticationMechanism mechanism = new DpopAuthenticationMechanism();

  @AfterEach
  void stop() {
    mechanism.stop();
  }

  @Test
  void aValidDpopRequestLogsTheCallerInWithTheTokensRoles() throws Exception {
    mechanism.start(application(Map.of()));
    FakeServletRequest request = dpopRequest(token(ROLE + " orders.write"));
    FakeServletResponse response = new FakeServletResponse();
    RecordingMessageContext container = RecordingMessageContext.protectedResource();

    AuthenticationStatus status =
        mechanism.validateRequest(request.request(), response.response(), container.context());

    assertThat(status).isEqualTo(AuthenticationStatus.SUCCESS);
    assertThat(container.calls()).singleElement().satisfies(login -> {
      assertThat(login.method()).isEqualTo("notifyContainerAboutLogin");
      assertThat(login.caller()).isInstanceOfSatisfying(DpopPrincipal.class, caller -> {
        assertThat(caller.getName()).isEqualTo("alice");
        assertThat(caller.proof().thumbprint()).isEqualTo(KEY.thumbprint());
      });
      assertThat(login.groups()).isEqualTo(Set.of(ROLE, "orders.write"));
    });
    assertThat(request.request().getAttribute(DpopRequestAttributes.JKT)).isEqualTo(KEY.thumbprint());
    assertThat(response.status()).isEqualTo(FakeServletResponse.UNSET);
    assertThat(response.body()).isEmpty();
  }

  /** Stops an eavesdropper who captured a request and sends it again. */
  @Test
  void aReplayedProofIsRefused401WithTheChallengeAndNoCallerReachesTheContainer()
      throws Exception {
    mechanism.start(application(Map.of()));
    String token = token(ROLE);
    String proof = KEY.proof("GET", URL).accessToken(token).sign();
    mechanism.validateRequest(
        dpopRequest(token, proof).request(), new FakeServletResponse().response(),
        RecordingMessageContext.protectedResource().context());
    FakeServletResponse response = new FakeServletResponse();
    RecordingMessageContext container = RecordingMessageContext.protectedResource();

    AuthenticationStatus status = mechanism.validateRequest(
        dpopRequest(token, proof).request(), response.response(), container.context());

    assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
    assertThat(container.calls()).isEmpty();
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().get("WWW-Authenticate"))
        .startsWith("DPoP ")
        .contains("error=\"invalid_dpop_proof\"", "DPoP proof has already been used");
    assertThat(response.completed()).as("completed, so no container error page follows").isTrue();
  }

  @Test
  void aProtectedResourceWithoutCredentialsGetsTheDpopChallengeNotALoginPage() throws Exception {
    mechanism.start(application(Map.of()));
    FakeServletResponse response = new FakeServletResponse();
    RecordingMessageContext container = RecordingMessageContext.protectedResource();

    AuthenticationStatus status = mechanism.validateRequest(
        new FakeServletRequest("GET", URL).request(), response.response(), container.context());

    assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
    assertThat(container.calls()).isEmpty();
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().get("WWW-Authenticate"))
        .startsWith("DPoP algs=").doesNotContain("error=");
  }

  @Test
  void authenticateWithoutCredentialsOnAnUnprotectedResourceGetsTheDpopChallenge()
      throws Exception {
    mechanism.start(application(Map.of()));
    FakeServletResponse response = new FakeServletResponse();
    RecordingMessageContext container = RecordingMessageContext.authenticateCalled();

    AuthenticationStatus status = mechanism.validateRequest(
        new FakeServletRequest("GET", URL).request(), response.response(), container.context());

    assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().get("WWW-Authenticate")).startsWith("DPoP algs=");
  }

  @Test
  void anUnprotectedResourceWithoutCredentialsIsLeftToTheContainerWithAChallengeAtHand()
      throws Exception {
    mechanism.start(application(Map.of()));
    FakeServletRequest request = new FakeServletRequest("GET", URL);
    FakeServletResponse response = new FakeServletResponse();
    RecordingMessageContext container = RecordingMessageContext.unprotectedResource();

    AuthenticationStatus status =
        mechanism.validateRequest(request.request(), response.response(), container.context());

    assertThat(status).isEqualTo(AuthenticationStatus.NOT_DONE);
    assertThat(container.calls()).extracting(RecordingMessageContext.Call::method)
        .containsExactly("doNothing");
    assertThat(response.status()).isEqualTo(FakeServletResponse.UNSET);
    assertThat(response.headers()).isEmpty();
    assertThat(AnonymousChallenge.answer(request.request()))
        .as("what a @RolesAllowed refusal of this request is answered with")
        .hasValueSatisfying(challenge -> {
          assertThat(challenge.status()).isEqualTo(401);
          assertThat(challenge.headers().get("WWW-Authenticate")).startsWith("DPoP algs=");
        });
  }

  @Test
  void anAuthenticatedCallerGetsNoAnonymousChallengeSoAMissingRoleStays403() throws Exception {
    mechanism.start(application(Map.of()));
    FakeServletRequest request = dpopRequest(token("other.scope"));

    mechanism.validateRequest(request.request(), new FakeServletResponse().response(),
        RecordingMessageContext.unprotectedResource().context());

    assertThat(AnonymousChallenge.answer(request.request())).isEmpty();
  }

  /** Fails closed: a replay store that cannot be asked must never let a proof through. */
  @Test
  void anUnreachableReplayStoreIsA503AndNoCallerReachesTheContainer() throws Exception {
    mechanism.start(application(Map.of(DpopSettings.REPLAY_CACHE, "unreachable")));
    FakeServletResponse response = new FakeServletResponse();
    RecordingMessageContext container = RecordingMessageContext.protectedResource();

    AuthenticationStatus status = mechanism.validateRequest(
        dpopRequest(token(ROLE)).request(), response.response(), container.context());

    assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
    assertThat(container.calls()).isEmpty();
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsKey("Retry-After");
    assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
  }

  @Test
  void aTokenEndpointProofGoesOnUnauthenticatedWithItsThumbprint() throws Exception {
    mechanism.start(application(Map.of(DpopSettings.MODE, "token-endpoint")));
    FakeServletRequest request = new FakeServletRequest("POST", URL)
        .header("DPoP", KEY.proof("POST", URL).sign());
    RecordingMessageContext container = RecordingMessageContext.unprotectedResource();

    AuthenticationStatus status = mechanism.validateRequest(
        request.request(), new FakeServletResponse().response(), container.context());

    assertThat(status).isEqualTo(AuthenticationStatus.NOT_DONE);
    assertThat(container.calls()).extracting(RecordingMessageContext.Call::method)
        .containsExactly("doNothing");
    assertThat(request.request().getAttribute(DpopRequestAttributes.JKT)).isEqualTo(KEY.thumbprint());
  }

  @Test
  void aMisspeltSettingFailsTheApplicationsStartNamingIt() {
    assertThatThrownBy(() -> mechanism.start(application(Map.of("dpop.nonce.secrets", "x"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/orders-app")
        .hasMessageContaining("dpop.nonce.secrets");
  }

  @Test
  void beforeItsApplicationStartedTheMechanismRefusesToDecide() {
    assertThatThrownBy(() -> mechanism.validateRequest(
            new FakeServletRequest("GET", URL).request(), new FakeServletResponse().response(),
            RecordingMessageContext.protectedResource().context()))
        .isInstanceOf(AuthenticationException.class);
  }

  private static String token(String scope) {
    return TOKENS.boundToken("alice", KEY.thumbprint(), scope);
  }

  private static FakeServletRequest dpopRequest(String token) {
    return dpopRequest(token, KEY.proof("GET", URL).accessToken(token).sign());
  }

  private static FakeServletRequest dpopRequest(String token, String proof) {
    return new FakeServletRequest("GET", URL)
        .header("Authorization", "DPoP " + token)
        .header("DPoP", proof);
  }

  /** A web application whose context params are the token settings plus {@code extra}. */
  private static ServletContext application(Map<String, String> extra) {
    Map<String, String> params = new LinkedHashMap<>();
    if (!"token-endpoint".equals(extra.get(DpopSettings.MODE))) {
      params.put(DpopSettings.JWKS, TOKENS.jwksJson());
      params.put(DpopSettings.ISSUER, TestTokens.ISSUER);
      params.put(DpopSettings.AUDIENCE, TestTokens.AUDIENCE);
    }
    params.putAll(extra);
    return (ServletContext) Proxy.newProxyInstance(
        ServletContext.class.getClassLoader(), new Class<?>[] {ServletContext.class},
        (proxy, called, args) -> switch (called.getName()) {
          case "getInitParameterNames" -> Collections.enumeration(params.keySet());
          case "getInitParameter" -> params.get((String) args[0]);
          case "getClassLoader" -> DpopAuthenticationMechanismTest.class.getClassLoader();
          case "getContextPath" -> "/orders-app";
          default -> throw new UnsupportedOperationException("the fake context has no " + called);
        });
  }
}
