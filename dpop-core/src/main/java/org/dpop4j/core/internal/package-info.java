/**
 * Not API: the parsing, digest, key and builder-contract machinery of dpop4j, public only so that
 * its sibling packages ({@code org.dpop4j.core}, {@code org.dpop4j.core.token}) and dpop4j's own
 * modules (dpop-jca, dpop-ehcache) can share it. Anything here may change or go in any release,
 * patch releases included; do not use it (like {@code okhttp3.internal}). The module descriptor
 * exports it to those dpop4j modules only, never to an application.
 */
package org.dpop4j.core.internal;
