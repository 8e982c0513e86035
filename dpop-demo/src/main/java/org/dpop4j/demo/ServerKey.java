package org.dpop4j.demo;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.AccessTokenSigner;
import org.dpop4j.jca.pkcs11.Pkcs11Token;

/**
 * The authorization server's token-signing key: generated in memory, or a key pair that stays in
 * a PKCS#11 token and is used through the token's provider.
 *
 * @param description what the key is, for the start-up line
 */
record ServerKey(
    JwsAlgorithm algorithm, KeyPair keys, Optional<Provider> provider, String description) {

  ServerKey {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(provider, "provider");
  }

  /** A fresh ES256 key in memory, gone when the process ends. */
  static ServerKey software() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return new ServerKey(
        JwsAlgorithm.ES256, generator.generateKeyPair(), Optional.empty(), "ES256 software key");
  }

  /**
   * The key pair stored under {@code alias} in {@code token}; the algorithm follows from the
   * public key: ES256/ES384/ES512 by curve, RS256 for RSA (the one RFC 9068 requires every
   * resource server to accept).
   */
  static ServerKey fromPkcs11(Pkcs11Token token, String alias) throws GeneralSecurityException {
    KeyPair keys = token.keyPair(alias);
    JwsAlgorithm algorithm;
    if (keys.getPublic() instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      algorithm =
          switch (bits) {
            case 256 -> JwsAlgorithm.ES256;
            case 384 -> JwsAlgorithm.ES384;
            case 521 -> JwsAlgorithm.ES512;
            default ->
                throw new GeneralSecurityException(
                    "PKCS#11 key '" + alias + "' is on a " + bits + "-bit curve; P-256, P-384 or"
                        + " P-521 is required");
          };
    } else if (keys.getPublic() instanceof RSAPublicKey) {
      algorithm = JwsAlgorithm.RS256;
    } else {
      throw new GeneralSecurityException(
          "PKCS#11 key '" + alias + "' is " + keys.getPublic().getAlgorithm()
              + "; an EC or RSA key is required");
    }
    return new ServerKey(
        algorithm,
        keys,
        Optional.of(token.provider()),
        algorithm.joseName() + " key '" + alias + "' in the PKCS#11 token ("
            + token.provider().getName() + ")");
  }

  AccessTokenSigner signer(String issuer, String audience, Duration tokenLifetime) {
    AccessTokenSigner.Builder signer =
        AccessTokenSigner.builder(algorithm, keys.getPrivate(), keys.getPublic())
            .issuer(issuer)
            .audience(audience)
            .tokenLifetime(tokenLifetime);
    provider.ifPresent(signer::provider);
    return signer.build();
  }
}
