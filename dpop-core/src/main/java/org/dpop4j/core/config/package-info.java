/**
 * Configuration for the HTTP adapters: {@link org.dpop4j.core.config.DpopSettings} builds the
 * verifier, authenticator and proxy handling from code or from named string settings (web.xml
 * init-params, properties), {@link org.dpop4j.core.config.RoleMapping} maps a token claim to
 * roles, and {@link org.dpop4j.core.config.ReplayCacheFactory} lets a replay store from another
 * module be chosen by name.
 */
package org.dpop4j.core.config;
