package org.dpop4j.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The application under test: the root resources and the feature, as a user would write it. */
final class TestApplication extends Application {

  private final DpopFeature feature;

  TestApplication(DpopFeature feature) {
    this.feature = feature;
  }

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        OrdersResource.class,
        AccountResource.class,
        VaultResource.class,
        LibraryResource.class,
        RoomsResource.class);
  }

  /**
   * Deprecated in favour of CDI, but the only portable way to hand a configured instance to
   * both Jersey and RESTEasy without a container.
   */
  @Override
  @SuppressWarnings("deprecation")
  public Set<Object> getSingletons() {
    return Set.of(feature);
  }
}
