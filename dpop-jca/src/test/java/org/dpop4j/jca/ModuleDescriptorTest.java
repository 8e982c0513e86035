package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dpop4j.testing.PublishedModule;
import org.junit.jupiter.api.Test;

/** The module exports what its README says it exports, and no internal package. */
class ModuleDescriptorTest {

  private final PublishedModule module = PublishedModule.containing(DpopProofFactory.class);

  @Test
  void exportsOnlyTheApiPackages() {
    assertThat(module.descriptor().name()).isEqualTo("org.dpop4j.jca");
    assertThat(module.exports())
        .containsExactly("org.dpop4j.jca", "org.dpop4j.jca.client", "org.dpop4j.jca.pkcs11");
    assertThat(module.qualifiedExports()).isEmpty();
  }

  @Test
  void readmeNamesTheModuleAndItsExports() {
    assertThat(PublishedModule.documentedIn(Path.of("README.md"))).isEqualTo(module.asDocumented());
  }
}
