package org.dpop4j.core.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.BaseSignatureAlgorithm;
import org.jose4j.lang.InvalidKeyException;

/**
 * The fully-specified {@code Ed25519} JWS algorithm of RFC 9864, which jose4j 0.9.7 does not know
 * yet. It is registered with jose4j once; a verification still only uses it when the verifier's
 * allow-list names it.
 */
public final class Ed25519SignatureAlgorithm extends BaseSignatureAlgorithm {

  public static final String NAME = "Ed25519";

  private Ed25519SignatureAlgorithm() {
    super(NAME, NAME, "OKP");
  }

  public static void registerWithJose4j() {
    var factory = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory();
    synchronized (Ed25519SignatureAlgorithm.class) {
      if (!factory.getSupportedAlgorithms().contains(NAME)) {
        factory.registerAlgorithm(new Ed25519SignatureAlgorithm());
      }
    }
  }

  @Override
  public void validatePrivateKey(PrivateKey privateKey) throws InvalidKeyException {
    requireEd25519(privateKey);
  }

  @Override
  public void validatePublicKey(PublicKey publicKey) throws InvalidKeyException {
    requireEd25519(publicKey);
  }

  private static void requireEd25519(java.security.Key key) throws InvalidKeyException {
    if (!(key instanceof EdECKey edKey) || !NAME.equals(edKey.getParams().getName())) {
      throw new InvalidKeyException("Ed25519 requires an Ed25519 key");
    }
  }
}
