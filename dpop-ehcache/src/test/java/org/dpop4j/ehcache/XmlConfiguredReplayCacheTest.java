package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlConfiguredReplayCacheTest {

  /**
   * The shipped example declares the default Ehcache expiry (none) and its default resilience
   * strategy; the hardened cache still expires by the proof window and keeps its heap bound.
   */
  @Test
  void localCacheFromTheClassPathIsBoundedByItsHeapEntries() throws Exception {
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.fromXml("classpath:dpop-replay-local.xml", "dpop-replay").build()) {
      Instant issuedAt = Instant.now().plusSeconds(11);
      for (int i = 0; i < 99; i++) {
        assertThat(cache.firstUse("jti-" + i, issuedAt, issuedAt.plusSeconds(70), Instant.now())).isTrue();
      }
      assertThat(cache.firstUse("jti-0", issuedAt, issuedAt.plusSeconds(70), Instant.now())).isFalse();
      assertThatThrownBy(() -> cache.firstUse("jti-99", issuedAt, issuedAt.plusSeconds(70), Instant.now()))
          .isInstanceOf(ReplayCacheUnavailableException.class)
          .hasMessageContaining("full (99 live entries)");
      assertThat(cache.evictedEntries()).isZero();
    }
  }

  @Test
  void cacheOfTheWrongShapeIsRejected(@TempDir Path directory) throws Exception {
    Path xml = directory.resolve("wrong.xml");
    Files.writeString(
        xml,
        """
        <config xmlns="http://www.ehcache.org/v3">
          <cache alias="objects"><heap unit="entries">100</heap></cache>
          <cache alias="sized-in-bytes">
            <key-type>java.lang.String</key-type>
            <value-type>java.lang.Long</value-type>
            <heap unit="MB">1</heap>
          </cache>
        </config>
        """);
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(xml.toString(), "objects").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Long");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(xml.toString(), "sized-in-bytes").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entries");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(xml.toUri().toString(), "missing").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no cache");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml("classpath:nothing-here.xml", "x").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
