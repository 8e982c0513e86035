package org.dpop4j.core.http;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.VerifiedProof;

/**
 * The caller of a request that passed DPoP authentication: the token's subject, its roles, the
 * token and the verified proof. Adapters return it from {@code getUserPrincipal()}, so an
 * application reaches the proof with a cast. Immutable.
 */
public final class DpopPrincipal implements Principal {

  private final AccessToken accessToken;
  private final VerifiedProof proof;
  private final Set<String> roles;

  public DpopPrincipal(AccessToken accessToken, VerifiedProof proof, Set<String> roles) {
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    this.proof = Objects.requireNonNull(proof, "proof");
    this.roles = Set.copyOf(roles);
  }

  /** The token's {@code sub}. */
  @Override
  public String getName() {
    return accessToken.subject();
  }

  public AccessToken accessToken() {
    return accessToken;
  }

  public VerifiedProof proof() {
    return proof;
  }

  /** The values of the configured roles claim. */
  public Set<String> roles() {
    return roles;
  }

  public boolean isInRole(String role) {
    return role != null && roles.contains(role);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DpopPrincipal that
        && accessToken.subject().equals(that.accessToken.subject())
        && proof.thumbprint().equals(that.proof.thumbprint());
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessToken.subject(), proof.thumbprint());
  }

  @Override
  public String toString() {
    return "DpopPrincipal{sub=" + accessToken.subject() + ", jkt=" + proof.thumbprint() + "}";
  }
}
