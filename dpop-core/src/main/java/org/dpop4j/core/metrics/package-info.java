/** Optional metrics bindings for {@link org.dpop4j.core.DpopObserver}. */
package org.dpop4j.core.metrics;
