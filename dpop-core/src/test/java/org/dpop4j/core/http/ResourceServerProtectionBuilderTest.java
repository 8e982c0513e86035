package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.junit.jupiter.api.Test;

/** The builder contract of {@link ResourceServerProtection.Builder}. */
class ResourceServerProtectionBuilderTest {

  private static final DpopAuthenticator AUTHENTICATOR =
      DpopAuthenticator.of(
          DpopVerifier.builder().build(),
          token -> {
            throw new DpopException(RefusalReason.TOKEN_MALFORMED);
          });

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> ResourceServerProtection.builder(null)).hasMessage("authenticator");
    assertThatThrownBy(() -> ResourceServerProtection.of(null)).hasMessage("authenticator");
    ResourceServerProtection.Builder builder = ResourceServerProtection.builder(AUTHENTICATOR);
    assertThatThrownBy(() -> builder.targetUriResolver(null)).hasMessage("targetUriResolver");
    assertThatThrownBy(() -> builder.roleMapping(null)).hasMessage("roleMapping");
    assertThatThrownBy(() -> builder.build().refusal(null)).hasMessage("refusal");
  }

  @Test
  void everyOptionIsSetOnce() {
    ResourceServerProtection.Builder builder =
        ResourceServerProtection.builder(AUTHENTICATOR)
            .targetUriResolver(TargetUriResolver.withoutProxies())
            .roleMapping(RoleMapping.fromScopes());

    assertThatThrownBy(() -> builder.targetUriResolver(TargetUriResolver.withoutProxies()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("targetUriResolver is already set");
    assertThatThrownBy(() -> builder.roleMapping(RoleMapping.fromClaim("roles")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("roleMapping is already set");
  }

  @Test
  void defaultsAreNoProxiesAndScopesAsRoles() {
    ResourceServerProtection protection = ResourceServerProtection.of(AUTHENTICATOR);

    assertThat(protection.targetUriResolver().trustsProxies()).isFalse();
    assertThat(protection.roleMapping().claimName()).isEqualTo("scope");
    assertThat(protection.authenticator()).isSameAs(AUTHENTICATOR);
    assertThat(protection.verifier()).isSameAs(AUTHENTICATOR.verifier());
  }

  @Test
  void aResourceServerRefusalIsAChallengeNeverATokenEndpointJsonError() {
    HttpRefusal refusal =
        ResourceServerProtection.of(AUTHENTICATOR)
            .refusal(new DpopException(RefusalReason.BAD_SIGNATURE));

    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.headers()).containsKey("WWW-Authenticate");
    assertThat(refusal.body()).isEmpty();
  }
}
