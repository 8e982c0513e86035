/**
 * DPoP (RFC 9449) inside the container's own security model.
 *
 * <ul>
 *   <li>{@link org.dpop4j.security.DpopAuthenticationMechanism}: the Jakarta Security 3.0
 *       mechanism of a Jakarta EE application (WildFly, Open Liberty, Payara...), active when
 *       this jar is in {@code WEB-INF/lib};
 *   <li>{@link org.dpop4j.security.DpopServerAuthModule} with {@link
 *       org.dpop4j.security.DpopAuthConfigProvider}: the Jakarta Authentication 3.0 module for
 *       servlet containers without Jakarta Security (Tomcat), registered by {@link
 *       org.dpop4j.security.DpopAuthenticationRegistration} or in the container's configuration;
 *   <li>{@link org.dpop4j.security.DpopCaller}: the caller's proof, token and principal for CDI
 *       injection.
 * </ul>
 *
 * Both make the same decision as the servlet filter, through {@link
 * org.dpop4j.core.http.DpopGate}, and answer refusals with the same {@link
 * org.dpop4j.core.http.HttpRefusal}.
 */
package org.dpop4j.security;
