/**
 * Not API: the parsing, digest and key machinery of dpop4j, public only so that its sibling
 * packages ({@code org.dpop4j.core}, {@code org.dpop4j.core.token}) can share it. Anything here
 * may change or go in any release, patch releases included; do not use it (like {@code
 * okhttp3.internal}). The module descriptor does not export it.
 */
package org.dpop4j.core.internal;
