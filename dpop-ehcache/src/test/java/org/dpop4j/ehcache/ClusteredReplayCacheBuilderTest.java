package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.ehcache.StateTransitionException;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;

/**
 * The builder contract of {@link EhcacheReplayCache#clustered(URI)}. Nothing here connects: every
 * refusal comes before {@code build()} would.
 */
class ClusteredReplayCacheBuilderTest {

  private static ClusteredReplayCacheBuilder builder() {
    return EhcacheReplayCache.clustered(URI.create("terracotta://127.0.0.1:9/unused"));
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> EhcacheReplayCache.clustered(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("terracottaUri");
    assertNamedNull(b -> b.serverResource(null), "serverResource");
    assertNamedNull(b -> b.cacheAlias(null), "cacheAlias");
    assertNamedNull(b -> b.size(1, null), "size unit");
    assertNamedNull(b -> b.timeout(null), "timeout");
    assertNamedNull(b -> b.connectionTimeout(null), "connectionTimeout");
    assertNamedNull(b -> b.recoveryPeriod(null), "recoveryPeriod");
    assertNamedNull(b -> b.probeInterval(null), "probeInterval");
    assertNamedNull(b -> b.clock(null), "clock");
    assertNamedNull(b -> b.clockSkew(null), "clockSkew");
  }

  @Test
  void valuesOutOfRangeAreRefusedByName() {
    for (Duration notPositive : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
      assertOutOfRange(b -> b.timeout(notPositive), "timeout");
      assertOutOfRange(b -> b.connectionTimeout(notPositive), "connectionTimeout");
      assertOutOfRange(b -> b.recoveryPeriod(notPositive), "recoveryPeriod");
    }
    assertOutOfRange(b -> b.timeout(Duration.ofMinutes(1).plusMillis(1)), "timeout");
    assertOutOfRange(
        b -> b.connectionTimeout(Duration.ofMinutes(5).plusMillis(1)), "connectionTimeout");
    assertOutOfRange(b -> b.recoveryPeriod(Duration.ofHours(1).plusMillis(1)), "recoveryPeriod");
    assertOutOfRange(b -> b.probeInterval(Duration.ofMillis(99)), "probeInterval");
    assertOutOfRange(b -> b.probeInterval(Duration.ofMinutes(1).plusMillis(1)), "probeInterval");
    assertOutOfRange(b -> b.size(0, MemoryUnit.MB), "size");
    assertOutOfRange(b -> b.size(-1, MemoryUnit.MB), "size");
    assertOutOfRange(b -> b.size(Long.MAX_VALUE, MemoryUnit.KB), "size");
    assertOutOfRange(b -> b.serverResource(" "), "serverResource");
    assertOutOfRange(b -> b.cacheAlias(""), "cacheAlias");
    assertOutOfRange(b -> b.clockSkew(Duration.ofSeconds(-1)), "clockSkew");
    // the bounds themselves are in range
    builder().probeInterval(Duration.ofMillis(100));
    builder().probeInterval(Duration.ofMinutes(1));
    builder().size(1, MemoryUnit.B);
    builder().timeout(Duration.ofMinutes(1));
    builder().timeout(Duration.ofMillis(1));
    builder().connectionTimeout(Duration.ofMinutes(5));
    builder().recoveryPeriod(Duration.ofHours(1));
  }

  @Test
  void anOptionSetTwiceIsRefusedByName() {
    assertSetTwice(b -> b.serverResource("main").serverResource("other"), "serverResource");
    assertSetTwice(b -> b.cacheAlias("a").cacheAlias("a"), "cacheAlias");
    assertSetTwice(b -> b.size(1, MemoryUnit.MB).size(2, MemoryUnit.MB), "size");
    assertSetTwice(b -> b.timeout(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)), "timeout");
    assertSetTwice(
        b -> b.connectionTimeout(Duration.ofSeconds(1)).connectionTimeout(Duration.ofSeconds(1)),
        "connectionTimeout");
    assertSetTwice(
        b -> b.recoveryPeriod(Duration.ofSeconds(1)).recoveryPeriod(Duration.ofSeconds(1)),
        "recoveryPeriod");
    assertSetTwice(
        b -> b.probeInterval(Duration.ofSeconds(1)).probeInterval(Duration.ofSeconds(2)),
        "probeInterval");
    assertSetTwice(b -> b.clockSkew(Duration.ZERO).clockSkew(Duration.ofSeconds(1)), "clockSkew");
  }

  /** A server that is not there: build() is where the options meet the world, and it refuses. */
  @Test
  void anUnreachableServerIsRefusedByBuild() {
    assertThatThrownBy(() -> builder().connectionTimeout(Duration.ofMillis(500)).build())
        .isInstanceOf(StateTransitionException.class)
        .hasMessageContaining("connection timeout");
  }

  private static void assertNamedNull(Consumer<ClusteredReplayCacheBuilder> set, String name) {
    assertThatThrownBy(() -> set.accept(builder()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(name);
  }

  private static void assertOutOfRange(Consumer<ClusteredReplayCacheBuilder> set, String name) {
    assertThatThrownBy(() -> set.accept(builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(name + " ");
  }

  private static void assertSetTwice(Consumer<ClusteredReplayCacheBuilder> set, String name) {
    assertThatThrownBy(() -> set.accept(builder()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(name + " is already set");
  }
}
