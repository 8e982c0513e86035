package org.dpop4j.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dpop4j.testing.PublishedModule;
import org.junit.jupiter.api.Test;

/** The module exports what its README says it exports, and no internal package. */
class ModuleDescriptorTest {

  private final PublishedModule module = PublishedModule.containing(DpopFeature.class);

  @Test
  void exportsOnlyTheApiPackages() {
    assertThat(module.descriptor().name()).isEqualTo("org.dpop4j.jaxrs");
    assertThat(module.exports()).containsExactly("org.dpop4j.jaxrs");
    assertThat(module.qualifiedExports()).isEmpty();
  }

  @Test
  void servletContainersFindTheShutdownInitializer() {
    assertThat(module.descriptor().provides())
        .extracting(provides -> provides.service() + " with " + provides.providers())
        .containsExactly(
            "jakarta.servlet.ServletContainerInitializer with [org.dpop4j.jaxrs.WebAppShutdown]");
  }

  @Test
  void readmeNamesTheModuleAndItsExports() {
    assertThat(PublishedModule.documentedIn(Path.of("README.md"))).isEqualTo(module.asDocumented());
  }
}
