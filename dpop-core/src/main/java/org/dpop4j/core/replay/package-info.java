/**
 * Replay protection for the {@code jti} of DPoP proofs: the {@link
 * org.dpop4j.core.replay.ReplayCache} SPI and the bounded, fail-closed {@link
 * org.dpop4j.core.replay.InMemoryReplayCache} used by default. Clustered deployments plug in the
 * Ehcache/Terracotta implementation from {@code dpop-ehcache}.
 */
package org.dpop4j.core.replay;
