/**
 * The RFC 9449 verifier, its HTTP-neutral gate and its SPIs. Only the API packages are
 * exported; the parsing and key machinery ({@code org.dpop4j.core.internal}) stays inside.
 */
// jose4j and Micrometer have no module-info; their jars declare a stable Automatic-Module-Name
// (org.jose4j, micrometer.core), so requiring them by that name is safe.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.dpop4j.core {
  requires org.jose4j;
  // IntrospectionAccessTokenValidator.Builder takes an HttpClient
  requires transitive java.net.http;
  // Diagnostics.LOG is an slf4j Logger
  requires transitive org.slf4j;
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

  uses org.dpop4j.core.config.ReplayCacheFactory;
}
