/** The DPoP servlet filter and its container initializer. */
// "module": org.dpop4j.security, to which the internal package is exported, is compiled later
@SuppressWarnings("module")
module org.dpop4j.servlet {
  requires transitive org.dpop4j.core;
  requires transitive jakarta.servlet;
  requires org.slf4j;

  exports org.dpop4j.servlet;
  // the request view and refusal writer that dpop-jakarta-security shares
  exports org.dpop4j.servlet.internal to
      org.dpop4j.security;

  provides jakarta.servlet.ServletContainerInitializer
      with org.dpop4j.servlet.DpopFilterRegistration;
}
