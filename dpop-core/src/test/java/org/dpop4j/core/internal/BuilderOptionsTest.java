package org.dpop4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parts of the builder contract that dpop-jca and dpop-ehcache share with the core's. */
class BuilderOptionsTest {

  @Test
  void aLongOutOfRangeIsRefusedByNameAndItsBoundsAreAccepted() {
    BuilderOptions options = new BuilderOptions();
    assertThatThrownBy(() -> options.setWithin("size", 0L, 1L, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("size ");
    assertThat(BuilderOptions.within("size", Long.MAX_VALUE, 1L, Long.MAX_VALUE))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(options.setWithin("size", 1L, 1L, 2L)).isEqualTo(1L);
    assertThatThrownBy(() -> options.setWithin("size", 2L, 1L, 2L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("size is already set");
  }

  @Test
  void aNullOrBlankNameIsRefusedByName() {
    BuilderOptions options = new BuilderOptions();
    assertThatThrownBy(() -> options.setNotBlank("alias", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("alias");
    assertThatThrownBy(() -> options.setNotBlank("alias", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alias ");
    assertThat(options.setNotBlank("alias", "a")).isEqualTo("a");
    assertThat(options.isSet("alias")).isTrue();
  }

  @Test
  void anImmutableValueSetsEachOptionOnce() {
    assertThat(BuilderOptions.setOnce("nonce", null, "n-1")).isEqualTo("n-1");
    assertThatThrownBy(() -> BuilderOptions.setOnce("nonce", "n-1", "n-2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("nonce is already set");
    assertThatThrownBy(() -> BuilderOptions.setOnce("nonce", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("nonce");
  }
}
