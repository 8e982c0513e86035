package org.dpop4j.core.http;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dpop4j.core.AccessToken;

/**
 * Which access-token claim holds the caller's roles, for {@code isUserInRole}. The claim may be a
 * space-separated string (like {@code scope}) or an array of strings (like {@code roles}). A
 * dotted name such as {@code realm_access.roles} reaches into nested objects when no top-level
 * claim has that exact name. Immutable.
 */
public final class RoleMapping {

  private static final String SCOPE = "scope";

  private final String claimName;

  private RoleMapping(String claimName) {
    this.claimName = claimName;
  }

  /** Roles are the token's scopes ({@code scope}, and {@code scp} when present). The default. */
  public static RoleMapping fromScopes() {
    return new RoleMapping(SCOPE);
  }

  /** Roles are the values of {@code claimName}. */
  public static RoleMapping fromClaim(String claimName) {
    Objects.requireNonNull(claimName, "claimName");
    if (claimName.isBlank()) {
      throw new IllegalArgumentException("the roles claim name must not be blank");
    }
    return new RoleMapping(claimName.strip());
  }

  public String claimName() {
    return claimName;
  }

  /** The roles {@code token} grants; empty when the claim is absent or of another type. */
  public Set<String> roles(AccessToken token) {
    if (claimName.equals(SCOPE)) {
      return token.scopes();
    }
    Object value = token.claims().get(claimName);
    if (value == null && claimName.indexOf('.') > 0) {
      value = nested(token.claims(), claimName.split("\\."));
    }
    Set<String> roles = new LinkedHashSet<>();
    if (value instanceof String text) {
      Arrays.stream(text.split(" ")).filter(role -> !role.isEmpty()).forEach(roles::add);
    } else if (value instanceof Collection<?> values) {
      values.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
    }
    return Set.copyOf(roles);
  }

  private static Object nested(Map<String, Object> claims, String[] path) {
    Object current = claims;
    for (String member : path) {
      if (!(current instanceof Map<?, ?> object)) {
        return null;
      }
      current = object.get(member);
    }
    return current;
  }

  @Override
  public String toString() {
    return "RoleMapping{claim=" + claimName + "}";
  }
}
