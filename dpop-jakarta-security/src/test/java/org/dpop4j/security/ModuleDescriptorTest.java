package org.dpop4j.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dpop4j.testing.PublishedModule;
import org.junit.jupiter.api.Test;

/** The module exports what its README says it exports, and no internal package. */
class ModuleDescriptorTest {

  private final PublishedModule module =
      PublishedModule.containing(DpopAuthenticationMechanism.class);

  @Test
  void exportsOnlyTheApiPackages() {
    assertThat(module.descriptor().name()).isEqualTo("org.dpop4j.security");
    assertThat(module.exports()).containsExactly("org.dpop4j.security");
    assertThat(module.qualifiedExports()).isEmpty();
  }

  @Test
  void readmeNamesTheModuleAndItsExports() {
    assertThat(PublishedModule.documentedIn(Path.of("README.md"))).isEqualTo(module.asDocumented());
  }
}
