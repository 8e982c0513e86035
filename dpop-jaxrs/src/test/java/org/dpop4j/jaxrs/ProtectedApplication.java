package org.dpop4j.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * An application marked as a whole, as JAX-RS lets a name binding mark every resource: even the
 * resources' unmarked methods and locators need DPoP here.
 */
@DpopProtected
final class ProtectedApplication extends Application {

  private final DpopFeature feature;

  ProtectedApplication(DpopFeature feature) {
    this.feature = feature;
  }

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(OrdersResource.class, LibraryResource.class);
  }

  /** As in {@link TestApplication}: the one portable way to hand both runtimes an instance. */
  @Override
  @SuppressWarnings("deprecation")
  public Set<Object> getSingletons() {
    return Set.of(feature);
  }
}
