package org.dpop4j.core.http;

/**
 * The names under which the adapters expose an accepted request's results: servlet request
 * attributes in {@code dpop-servlet}, request properties in {@code dpop-jaxrs}.
 */
public final class DpopRequestAttributes {

  /** The {@link org.dpop4j.core.VerifiedProof}, in both modes. */
  public static final String PROOF = "org.dpop4j.proof";

  /**
   * The proof key's RFC 7638 thumbprint ({@code String}), in both modes: at a token endpoint,
   * the {@code cnf.jkt} the issued token must be bound to.
   */
  public static final String JKT = "org.dpop4j.jkt";

  /** The validated {@link org.dpop4j.core.AccessToken}, at a resource server. */
  public static final String ACCESS_TOKEN = "org.dpop4j.access_token";

  /** The access token's claims ({@code Map<String, Object>}, unmodifiable), at a resource server. */
  public static final String CLAIMS = "org.dpop4j.claims";

  /** The {@link DpopPrincipal}, at a resource server. */
  public static final String PRINCIPAL = "org.dpop4j.principal";

  private DpopRequestAttributes() {}
}
