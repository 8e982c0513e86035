package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dpop4j.testing.PublishedModule;
import org.junit.jupiter.api.Test;

/** The module exports what its README says it exports, and no internal package. */
class ModuleDescriptorTest {

  private final PublishedModule module = PublishedModule.containing(DpopFilter.class);

  @Test
  void exportsOnlyTheApiPackages() {
    assertThat(module.descriptor().name()).isEqualTo("org.dpop4j.servlet");
    assertThat(module.exports()).containsExactly("org.dpop4j.servlet");
    assertThat(module.qualifiedExports())
        .containsExactly("org.dpop4j.servlet.internal to org.dpop4j.security");
  }

  @Test
  void readmeNamesTheModuleAndItsExports() {
    assertThat(PublishedModule.documentedIn(Path.of("README.md"))).isEqualTo(module.asDocumented());
  }
}
