package org.dpop4j.jca.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.Security;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The builder contract: named nulls, ranges in the setter, conflicts at {@code open()} before any
 * module is loaded, each option set once. No token is needed: every refusal comes first.
 */
class Pkcs11TokenBuilderTest {

  private static final Path NO_MODULE = Path.of("/nonexistent/libpkcs11-module.so");
  private static final PinSource PIN = PinSource.fromCallback("1234"::toCharArray);

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> Pkcs11Token.builder(null, PIN))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("library");
    assertThatThrownBy(() -> Pkcs11Token.builder(NO_MODULE, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pin");
    assertThatThrownBy(() -> builder().name(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
    assertThatThrownBy(() -> PinSource.fromEnvironment(null)).hasMessage("variable");
    assertThatThrownBy(() -> PinSource.fromFile(null)).hasMessage("file");
    assertThatThrownBy(() -> PinSource.fromCallback(null)).hasMessage("callback");
  }

  @Test
  void valuesOutOfRangeAreRefusedInTheSetter() {
    assertThatThrownBy(() -> builder().slot(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slot");
    assertThatThrownBy(() -> builder().slotListIndex(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slotListIndex");
    assertThatThrownBy(() -> builder().name(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> builder().name("line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().name("x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingAnOptionTwiceIsRefused() {
    assertThatThrownBy(() -> builder().name("a").name("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("name is already set");
    assertThatThrownBy(() -> builder().slot(1).slot(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slot is already set");
    assertThatThrownBy(() -> builder().slotListIndex(0).slotListIndex(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slotListIndex is already set");
    assertThatThrownBy(() -> builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock is already set");
  }

  @Test
  void aSlotAndASlotListIndexTogetherAreRefusedBeforeAnyModuleIsLoaded() {
    int providers = Security.getProviders().length;

    assertThatThrownBy(() -> builder().slot(7).slotListIndex(0).open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slot")
        .hasMessageContaining("slotListIndex");
    assertThat(Security.getProviders()).hasSize(providers);
  }

  private static Pkcs11Token.Builder builder() {
    return Pkcs11Token.builder(NO_MODULE, PIN);
  }
}
