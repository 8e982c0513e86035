/**
 * A DPoP replay cache on Ehcache 3, local or clustered on a Terracotta server, that fails closed:
 * {@link org.dpop4j.ehcache.EhcacheReplayCache}, started by one of its builders ({@link
 * org.dpop4j.ehcache.EhcacheReplayCache#local()}, {@link
 * org.dpop4j.ehcache.EhcacheReplayCache#clustered(java.net.URI)}, {@link
 * org.dpop4j.ehcache.EhcacheReplayCache#fromXml(String, String)}). Adapters configured by {@code
 * dpop.*} settings select it with {@code dpop.replay-cache=ehcache}: see {@link
 * org.dpop4j.ehcache.EhcacheReplayCacheFactory}.
 */
package org.dpop4j.ehcache;
