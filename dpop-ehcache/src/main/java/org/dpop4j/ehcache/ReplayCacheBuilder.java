package org.dpop4j.ehcache;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.ehcache.clustered.client.config.builders.ClusteredStoreConfigurationBuilder;
import org.ehcache.clustered.common.Consistency;
import org.ehcache.config.FluentCacheConfigurationBuilder;
import org.ehcache.config.units.MemoryUnit;

/**
 * What every way of building an {@link EhcacheReplayCache} shares: its clock and its clock skew
 * allowance, and the rules every option follows. A {@code null} is refused by name, a value out
 * of range by an {@link IllegalArgumentException} naming the option, and an option set twice by
 * an {@link IllegalStateException} naming it; what only the whole set of options can tell (a
 * conflict, a file without the cache) is refused by {@code build()}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract sealed class ReplayCacheBuilder<B extends ReplayCacheBuilder<B>>
    permits LocalReplayCacheBuilder, ClusteredReplayCacheBuilder, XmlReplayCacheBuilder {

  static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(10);
  /** As the verifier's {@code maxAge + clockSkew}: a longer margin guards nothing more. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

  /** The options set so far, each once, by the setters of this class and of its subclasses. */
  final SetOnceOptions options = new SetOnceOptions();
  private Clock clock;
  private Duration clockSkew;

  ReplayCacheBuilder() {}

  abstract B self();

  /**
   * The clock entries expire by and the epoch is taken from: use the verifier's, as each entry's
   * lifetime starts from the verifier's reading. A clustered cache also times its probes of a
   * failing server and its outage summaries by it. Default: the system clock.
   */
  public final B clock(Clock clock) {
    this.clock = options.set("clock", clock);
    return self();
  }

  /**
   * How far a proof's {@code iat} may be ahead of the verifier's clock, plus how far the nodes'
   * clocks may disagree: after a loss of state, proofs issued up to this long after it are still
   * refused, because one of them may have been accepted before. Entries are also kept this long
   * past their proof's window, as Ehcache expires them by each node's own clock. Use the
   * verifier's clock skew (default 10 s) plus your nodes' clock spread. From zero to one hour.
   * Default: 10 s.
   */
  public final B clockSkew(Duration clockSkew) {
    this.clockSkew = options.setWithin("clockSkew", clockSkew, Duration.ZERO, MAX_CLOCK_SKEW);
    return self();
  }

  /**
   * Starts the cache: reads and hardens its configuration, starts its cache manager and, when
   * clustered, connects.
   *
   * @throws IllegalArgumentException if the options conflict, or the configuration cannot hold a
   *     replay cache
   * @throws org.ehcache.StateTransitionException if a clustered store cannot be reached in time
   */
  public abstract EhcacheReplayCache build();

  final Clock clockOrDefault() {
    return clock != null ? clock : Clock.systemUTC();
  }

  final Duration clockSkewOrDefault() {
    return clockSkew != null ? clockSkew : DEFAULT_CLOCK_SKEW;
  }

  /** {@code size} {@code unit}s in bytes: positive, and within a {@code long}. */
  static long bytes(long size, MemoryUnit unit, String option) {
    Objects.requireNonNull(unit, option + " unit");
    return unit.toBytes(SetOnceOptions.within(option, size, 1, Long.MAX_VALUE / unit.toBytes(1)));
  }

  /**
   * The settings a replay cache cannot do without, whatever the configuration said: the proof
   * window's expiry, failures rethrown, the serializer that survives a clustered tier's second
   * read and, on a cluster, strong consistency.
   */
  static <C extends FluentCacheConfigurationBuilder<String, Long, C>> C failClosed(
      C builder, boolean clusteredTier) {
    C hardened =
        builder
            .withExpiry(new ProofWindowExpiry())
            .withResilienceStrategy(new FailClosedResilienceStrategy<>())
            .withValueSerializer(new AbsoluteReadLongSerializer());
    return clusteredTier
        ? hardened.withService(ClusteredStoreConfigurationBuilder.withConsistency(Consistency.STRONG))
        : hardened;
  }
}
