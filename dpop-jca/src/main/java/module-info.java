/** DPoP proofs and access tokens signed with JCA keys, a DPoP client and PKCS#11 tokens. */
@SuppressWarnings("requires-automatic")
module org.dpop4j.jca {
  requires transitive org.dpop4j.core;
  requires java.net.http;
  // no module-info; its jar declares the stable Automatic-Module-Name org.jose4j
  requires org.jose4j;
  requires org.bouncycastle.provider;

  exports org.dpop4j.jca;
  exports org.dpop4j.jca.client;
  exports org.dpop4j.jca.pkcs11;
}
