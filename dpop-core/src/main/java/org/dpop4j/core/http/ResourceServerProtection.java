package org.dpop4j.core.http;

import java.util.Objects;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.internal.BuilderOptions;

/**
 * Protects resources: a request passes with a DPoP-bound access token and a matching proof, and
 * its caller is a {@link DpopPrincipal} whose roles come from the {@link RoleMapping}. Refusals are
 * 401 (400 for {@code invalid_request}) with a {@code WWW-Authenticate: DPoP} challenge naming the
 * allowed algorithms (RFC 9449 §7.1). Immutable and thread-safe.
 */
public final class ResourceServerProtection implements DpopProtection {

  private final DpopAuthenticator authenticator;
  private final TargetUriResolver targetUriResolver;
  private final RoleMapping roleMapping;
  private final String allowedAlgorithmNames;

  private ResourceServerProtection(Builder builder) {
    this.authenticator = builder.authenticator;
    this.targetUriResolver =
        builder.targetUriResolver != null
            ? builder.targetUriResolver
            : TargetUriResolver.withoutProxies();
    this.roleMapping = builder.roleMapping != null ? builder.roleMapping : RoleMapping.fromScopes();
    this.allowedAlgorithmNames = joseNames(authenticator.verifier());
  }

  /** Protects with {@code authenticator}, without proxies, with scopes as roles. */
  public static ResourceServerProtection of(DpopAuthenticator authenticator) {
    return builder(authenticator).build();
  }

  /** Starts from the authenticator that checks tokens and proofs. */
  public static Builder builder(DpopAuthenticator authenticator) {
    return new Builder(Objects.requireNonNull(authenticator, "authenticator"));
  }

  public DpopAuthenticator authenticator() {
    return authenticator;
  }

  @Override
  public DpopVerifier verifier() {
    return authenticator.verifier();
  }

  @Override
  public TargetUriResolver targetUriResolver() {
    return targetUriResolver;
  }

  public RoleMapping roleMapping() {
    return roleMapping;
  }

  @Override
  public HttpRefusal refusal(DpopException refusal) {
    Objects.requireNonNull(refusal, "refusal");
    return Nonces.refusal(
        verifier(),
        refusal,
        (reason, nonce) -> HttpRefusal.forResourceServer(reason, allowedAlgorithmNames, nonce));
  }

  /** The response for a request to a protected resource that carried no credentials. */
  public HttpRefusal challenge() {
    return refusal(new DpopException(RefusalReason.MISSING_CREDENTIALS));
  }

  @Override
  public String toString() {
    return "ResourceServerProtection{algs=" + allowedAlgorithmNames + ", nonce="
        + verifier().requiresNonce() + ", " + targetUriResolver + ", " + roleMapping + "}";
  }

  private static String joseNames(DpopVerifier verifier) {
    StringBuilder names = new StringBuilder();
    for (JwsAlgorithm algorithm : verifier.allowedAlgorithms()) {
      if (names.length() > 0) {
        names.append(' ');
      }
      names.append(algorithm.joseName());
    }
    return names.toString();
  }

  /** Completes a {@link ResourceServerProtection}; proxies and roles have defaults. */
  public static final class Builder {
    private final DpopAuthenticator authenticator;
    private TargetUriResolver targetUriResolver;
    private RoleMapping roleMapping;

    private Builder(DpopAuthenticator authenticator) {
      this.authenticator = authenticator;
    }

    /**
     * How to find the target URI. Default: {@link TargetUriResolver#withoutProxies()}.
     *
     * @throws IllegalStateException when already set
     */
    public Builder targetUriResolver(TargetUriResolver resolver) {
      targetUriResolver = BuilderOptions.setOnce("targetUriResolver", targetUriResolver, resolver);
      return this;
    }

    /**
     * Which claim holds roles. Default: {@link RoleMapping#fromScopes()}.
     *
     * @throws IllegalStateException when already set
     */
    public Builder roleMapping(RoleMapping roleMapping) {
      this.roleMapping = BuilderOptions.setOnce("roleMapping", this.roleMapping, roleMapping);
      return this;
    }

    public ResourceServerProtection build() {
      return new ResourceServerProtection(this);
    }
  }
}
