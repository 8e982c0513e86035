package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder contract of {@link EhcacheReplayCache#fromXml(String, String)}. */
class XmlReplayCacheBuilderTest {

  private static final String LOCAL_XML = "classpath:dpop-replay-local.xml";

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(null, "dpop-replay"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("location");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(LOCAL_XML, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("alias");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(LOCAL_XML, "dpop-replay").probeInterval(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("probeInterval");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(LOCAL_XML, "dpop-replay").clockSkew(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clockSkew");
  }

  @Test
  void valuesOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(" ", "dpop-replay"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("location ");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(LOCAL_XML, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alias ");
    for (Duration interval : new Duration[] {Duration.ofMillis(99), Duration.ofSeconds(61)}) {
      assertThatThrownBy(
              () -> EhcacheReplayCache.fromXml(LOCAL_XML, "dpop-replay").probeInterval(interval))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("probeInterval ");
    }
  }

  @Test
  void anOptionSetTwiceIsRefusedByName() {
    assertThatThrownBy(
            () ->
                EhcacheReplayCache.fromXml(LOCAL_XML, "dpop-replay")
                    .probeInterval(Duration.ofSeconds(1))
                    .probeInterval(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("probeInterval is already set");
    assertThatThrownBy(
            () ->
                EhcacheReplayCache.fromXml(LOCAL_XML, "dpop-replay")
                    .clockSkew(Duration.ZERO)
                    .clockSkew(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clockSkew is already set");
  }

  /** What only the file can tell is refused by build(), not when the builder is made. */
  @Test
  void aFileWithoutTheCacheOrOfTheWrongShapeIsRefusedByBuild(@TempDir Path directory)
      throws Exception {
    XmlReplayCacheBuilder missingFile = EhcacheReplayCache.fromXml("classpath:nothing-here.xml", "x");
    assertThatThrownBy(missingFile::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing-here.xml");
    Path xml = directory.resolve("tiny.xml");
    Files.writeString(
        xml,
        """
        <config xmlns="http://www.ehcache.org/v3">
          <cache alias="one-entry">
            <key-type>java.lang.String</key-type>
            <value-type>java.lang.Long</value-type>
            <heap unit="entries">1</heap>
          </cache>
        </config>
        """);
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(xml.toString(), "one-entry").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> EhcacheReplayCache.fromXml(xml.toString(), "absent").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no cache 'absent'");
  }

  @Test
  void theLocationMayBeAClassPathResourceAUrlOrAPath() throws Exception {
    Path file = Path.of(XmlReplayCacheBuilder.resolve(LOCAL_XML).toURI());
    for (String location : new String[] {LOCAL_XML, file.toUri().toString(), file.toString()}) {
      try (EhcacheReplayCache cache = EhcacheReplayCache.fromXml(location, "dpop-replay").build()) {
        assertThat(cache.evictedEntries()).as(location).isZero();
      }
    }
  }
}
