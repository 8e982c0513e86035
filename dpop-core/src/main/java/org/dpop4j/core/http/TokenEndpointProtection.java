package org.dpop4j.core.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.AuthorizationCodeBinding;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.internal.BuilderOptions;

/**
 * Protects an authorization server's token endpoint: a token request passes with a valid proof,
 * whose key the authorization server then binds the issued token to; with an {@link
 * AuthorizationCodeBinding}, an authorization code bound to a key passes only with a proof by that
 * key (RFC 9449 §10). Refusals are 400 with a JSON error (RFC 6749 §5.2). Immutable and
 * thread-safe.
 */
public final class TokenEndpointProtection implements DpopProtection {

  private final DpopVerifier verifier;
  private final TargetUriResolver targetUriResolver;
  private final CodeCheck codeCheck;
  private final String codeBindingName;

  private TokenEndpointProtection(Builder builder) {
    this.verifier = builder.verifier;
    this.targetUriResolver =
        builder.targetUriResolver != null
            ? builder.targetUriResolver
            : TargetUriResolver.withoutProxies();
    AuthorizationCodeBinding binding = builder.authorizationCodeBinding;
    this.codeCheck = binding == null ? request -> Optional.empty() : new BoundCodes(binding);
    this.codeBindingName = binding == null ? "none" : binding.getClass().getName();
  }

  /** Protects with {@code verifier}, without proxies or an authorization-code binding. */
  public static TokenEndpointProtection of(DpopVerifier verifier) {
    return builder(verifier).build();
  }

  /** Starts from the verifier that checks token requests' proofs. */
  public static Builder builder(DpopVerifier verifier) {
    return new Builder(Objects.requireNonNull(verifier, "verifier"));
  }

  @Override
  public DpopVerifier verifier() {
    return verifier;
  }

  @Override
  public TargetUriResolver targetUriResolver() {
    return targetUriResolver;
  }

  @Override
  public HttpRefusal refusal(DpopException refusal) {
    Objects.requireNonNull(refusal, "refusal");
    return Nonces.refusal(verifier, refusal, HttpRefusal::forTokenEndpoint);
  }

  /**
   * The key the request's authorization code is bound to, as the authorization server stored it;
   * empty when the code is bound to no key, the request has no code, or no binding is configured.
   */
  Optional<String> codeBoundTo(IncomingRequest request) throws DpopException {
    return codeCheck.boundTo(request);
  }

  @Override
  public String toString() {
    return "TokenEndpointProtection{nonce=" + verifier.requiresNonce() + ", " + targetUriResolver
        + ", codeBinding=" + codeBindingName + "}";
  }

  /** Reads the key a token request's authorization code is bound to. */
  private interface CodeCheck {
    Optional<String> boundTo(IncomingRequest request) throws DpopException;
  }

  /**
   * Looks the code up where the authorization server stored its binding (RFC 9449 §10); any
   * {@code dpop_jkt} parameter of the token request itself is ignored, since whoever redeems a
   * stolen code writes the request. Every {@code code} is looked up, whatever the {@code
   * grant_type} says, so that no spelling of the grant type skips the check.
   */
  private record BoundCodes(AuthorizationCodeBinding binding) implements CodeCheck {

    @Override
    public Optional<String> boundTo(IncomingRequest request) throws DpopException {
      // Every token request names its grant type (RFC 6749 §4.1.3); an adapter that cannot see
      // it (a JAX-RS filter sees no form body) cannot see the code either: refuse, never skip.
      if (singleParameter(request, "grant_type").isEmpty()) {
        throw new DpopException(RefusalReason.MISSING_GRANT_TYPE);
      }
      Optional<String> code = singleParameter(request, "code");
      if (code.isEmpty()) {
        return Optional.empty();
      }
      Optional<String> boundTo;
      try {
        boundTo = binding.boundDpopJkt(code.get());
      } catch (RuntimeException e) {
        throw new DpopException(RefusalReason.CODE_BINDING_UNAVAILABLE, e);
      }
      if (boundTo == null) {
        throw new DpopException(
            RefusalReason.CODE_BINDING_UNAVAILABLE,
            new IllegalStateException(binding.getClass().getName() + " returned null"));
      }
      return boundTo;
    }

    private static Optional<String> singleParameter(IncomingRequest request, String name)
        throws DpopException {
      List<String> values = request.parameterValues(name);
      if (values.size() > 1) {
        // RFC 6749 §3.1: a parameter must not be repeated; which one the server uses is a guess.
        throw new DpopException(RefusalReason.REPEATED_PARAMETER);
      }
      return values.stream().findFirst();
    }
  }

  /** Completes a {@link TokenEndpointProtection}; proxies have a default, the binding is off. */
  public static final class Builder {
    private final DpopVerifier verifier;
    private TargetUriResolver targetUriResolver;
    private AuthorizationCodeBinding authorizationCodeBinding;

    private Builder(DpopVerifier verifier) {
      this.verifier = verifier;
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
     * Where the key each authorization code is bound to is read (RFC 9449 §10), so that a code
     * bound to a key is redeemed only with a proof by that key. Default: none. Without it a stolen
     * code can be redeemed with any key: the token request's own {@code dpop_jkt} parameter is
     * not trusted, as the party redeeming the code writes it.
     *
     * @throws IllegalStateException when already set
     */
    public Builder authorizationCodeBinding(AuthorizationCodeBinding binding) {
      authorizationCodeBinding =
          BuilderOptions.setOnce("authorizationCodeBinding", authorizationCodeBinding, binding);
      return this;
    }

    public TokenEndpointProtection build() {
      return new TokenEndpointProtection(this);
    }
  }
}
