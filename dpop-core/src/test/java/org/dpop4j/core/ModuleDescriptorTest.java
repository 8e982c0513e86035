package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dpop4j.testing.PublishedModule;
import org.junit.jupiter.api.Test;

/** The module exports what its README says it exports, and no internal package. */
class ModuleDescriptorTest {

  private final PublishedModule module = PublishedModule.containing(DpopVerifier.class);

  @Test
  void exportsOnlyTheApiPackages() {
    assertThat(module.descriptor().name()).isEqualTo("org.dpop4j.core");
    assertThat(module.exports())
        .containsExactly(
            "org.dpop4j.core",
            "org.dpop4j.core.config",
            "org.dpop4j.core.http",
            "org.dpop4j.core.metrics",
            "org.dpop4j.core.nonce",
            "org.dpop4j.core.replay",
            "org.dpop4j.core.token");
    assertThat(module.qualifiedExports())
        .containsExactly("org.dpop4j.core.internal to org.dpop4j.jca");
  }

  @Test
  void readmeNamesTheModuleAndItsExports() {
    assertThat(PublishedModule.documentedIn(Path.of("README.md"))).isEqualTo(module.asDocumented());
  }
}
