package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dpop4j.core.AccessToken;
import org.junit.jupiter.api.Test;

class RoleMappingTest {

  private static final AccessToken TOKEN =
      AccessToken.builder("alice")
          .scopes(Set.of("read", "write"))
          .claims(
              Map.of(
                  "roles", List.of("admin", "auditor", 7),
                  "groups", "staff  ops",
                  "realm_access", Map.of("roles", List.of("realm-user")),
                  "https://example.com/roles", List.of("namespaced")))
          .build();

  @Test
  void scopesAreTheDefaultRoles() {
    assertThat(RoleMapping.fromScopes().roles(TOKEN)).containsExactlyInAnyOrder("read", "write");
    assertThat(RoleMapping.fromClaim("scope").roles(TOKEN)).containsExactlyInAnyOrder("read", "write");
  }

  @Test
  void anArrayClaimGivesItsStrings() {
    assertThat(RoleMapping.fromClaim("roles").roles(TOKEN)).containsExactlyInAnyOrder("admin", "auditor");
  }

  @Test
  void aStringClaimIsSplitOnSpaces() {
    assertThat(RoleMapping.fromClaim("groups").roles(TOKEN)).containsExactlyInAnyOrder("staff", "ops");
  }

  @Test
  void aDottedNameReachesIntoNestedObjectsUnlessTheExactNameExists() {
    assertThat(RoleMapping.fromClaim("realm_access.roles").roles(TOKEN)).containsExactly("realm-user");
    assertThat(RoleMapping.fromClaim("https://example.com/roles").roles(TOKEN)).containsExactly("namespaced");
  }

  @Test
  void anAbsentClaimGivesNoRoles() {
    assertThat(RoleMapping.fromClaim("missing.path").roles(TOKEN)).isEmpty();
  }

  @Test
  void aBlankClaimNameIsRejected() {
    assertThatThrownBy(() -> RoleMapping.fromClaim(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
