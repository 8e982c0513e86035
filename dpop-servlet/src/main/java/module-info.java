/** The DPoP servlet filter and its container initializer. */
module org.dpop4j.servlet {
  requires transitive org.dpop4j.core;
  requires transitive jakarta.servlet;
  requires org.slf4j;

  exports org.dpop4j.servlet;

  provides jakarta.servlet.ServletContainerInitializer
      with org.dpop4j.servlet.DpopFilterRegistration;
}
