/**
 * A DPoP replay cache on Ehcache 3, local or clustered on a Terracotta server, that fails closed:
 * see {@link org.dpop4j.ehcache.EhcacheReplayCache} and, for adapters that load it from their
 * configuration, {@link org.dpop4j.ehcache.EhcacheReplayCaches}.
 */
package org.dpop4j.ehcache;
