/**
 * DPoP for Jakarta Security (CDI) and Jakarta Authentication (a ServerAuthModule). Only the
 * servlet and Jakarta Authentication APIs are needed everywhere (the ServerAuthModule on a plain
 * servlet container); CDI, Jakarta Security, JAX-RS and Enterprise Beans are there in the Jakarta
 * EE servers that use the rest of the module, so they are {@code static}: there when the server
 * has them.
 */
module org.dpop4j.security {
  requires transitive org.dpop4j.core;
  // the request view and refusal writer it shares with the servlet filter (its internal package)
  requires org.dpop4j.servlet;
  requires transitive jakarta.servlet;
  requires transitive jakarta.security.auth.message;
  // not transitive, which would make them mandatory to compile every module that reads this one;
  // the classes whose API names them say so (@SuppressWarnings("exports"))
  requires static jakarta.security;
  requires static jakarta.cdi;
  requires static jakarta.annotation;
  requires static jakarta.ws.rs;
  requires static jakarta.ejb;
  requires static jakarta.inject;
  requires org.slf4j;
  // MicroProfile Config, optional (SettingsSource), is not named here: its API jar has no
  // module-info nor Automatic-Module-Name, so any name would be a guess from its file name. The
  // module reads it from the class path to compile (pom.xml) and SettingsSource adds the read
  // edge at run time.

  exports org.dpop4j.security;

  // CDI (Weld) proxies the beans in their own package, and JAX-RS injects the exception
  // mappers' private @Context fields: both need deep reflection
  opens org.dpop4j.security;
}
