package org.dpop4j.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A validated access token: who it is for, what it allows, and the key it is bound to. */
public final class AccessToken {

  private final String subject;
  private final String boundThumbprint;
  private final Set<String> scopes;
  private final Map<String, Object> claims;
  private final Instant expiresAt;

  private AccessToken(Builder builder) {
    this.subject = builder.subject;
    this.boundThumbprint = builder.boundThumbprint;
    this.scopes = Set.copyOf(builder.scopes);
    this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(builder.claims));
    this.expiresAt = builder.expiresAt;
  }

  public static Builder builder(String subject) {
    return new Builder(subject);
  }

  /** The {@code sub} claim. */
  public String subject() {
    return subject;
  }

  /** The {@code cnf.jkt} the token is bound to (RFC 9449 §6), empty for an unbound token. */
  public Optional<String> boundThumbprint() {
    return Optional.ofNullable(boundThumbprint);
  }

  /** The space-separated {@code scope} claim, split. */
  public Set<String> scopes() {
    return scopes;
  }

  /** Every claim of the token or introspection response, unmodifiable. */
  public Map<String, Object> claims() {
    return claims;
  }

  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken{sub=" + subject + ", jkt=" + boundThumbprint + ", scopes=" + scopes + "}";
  }

  /** Assembles an {@link AccessToken}; used by {@link AccessTokenValidator} implementations. */
  public static final class Builder {
    private final String subject;
    private String boundThumbprint;
    private Set<String> scopes = Set.of();
    private Map<String, Object> claims = Map.of();
    private Instant expiresAt;

    private Builder(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
    }

    public Builder boundThumbprint(String jkt) {
      this.boundThumbprint = Objects.requireNonNull(jkt, "jkt");
      return this;
    }

    public Builder scopes(Set<String> scopes) {
      this.scopes = Objects.requireNonNull(scopes, "scopes");
      return this;
    }

    public Builder claims(Map<String, Object> claims) {
      this.claims = Objects.requireNonNull(claims, "claims");
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
      return this;
    }

    public AccessToken build() {
      return new AccessToken(this);
    }
  }
}
