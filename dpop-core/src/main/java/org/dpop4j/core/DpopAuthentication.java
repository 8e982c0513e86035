package org.dpop4j.core;

/** A request to a protected resource that presented a valid, bound token and a valid proof. */
public record DpopAuthentication(AccessToken accessToken, VerifiedProof proof) {}
