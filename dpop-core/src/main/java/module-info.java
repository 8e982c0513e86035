/**
 * The RFC 9449 verifier, its HTTP-neutral gate and its SPIs. Only the API packages are
 * exported; the parsing and key machinery ({@code org.dpop4j.core.internal}) stays inside.
 */
// jose4j and Micrometer have no module-info; their jars declare a stable Automatic-Module-Name
// (org.jose4j, micrometer.core), so requiring them by that name is safe.
// "module": org.dpop4j.jca, to which the internal package is exported, is compiled after this one
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module org.dpop4j.core {
  requires org.jose4j;
  // IntrospectionAccessTokenValidator.Builder takes an HttpClient
  requires transitive java.net.http;
  // for logging only: no type of the exported API is an slf4j type
  requires org.slf4j;
  requires org.bouncycastle.provider;
  // optional: only org.dpop4j.core.metrics needs it, and its users require it themselves (not
  // transitive, which would make every module that reads this one need Micrometer to compile)
  requires static micrometer.core;

  exports org.dpop4j.core;
  exports org.dpop4j.core.config;
  exports org.dpop4j.core.http;
  exports org.dpop4j.core.metrics;
  exports org.dpop4j.core.nonce;
  exports org.dpop4j.core.replay;
  exports org.dpop4j.core.token;
  // the builder contract, the digests and the ML-DSA key for dpop-jca; never to everyone, and not
  // to dpop-ehcache either: it is an automatic module, often on the class path, and a qualified
  // export cannot name the unnamed module
  exports org.dpop4j.core.internal to
      org.dpop4j.jca;

  uses org.dpop4j.core.config.ReplayCacheFactory;
}
