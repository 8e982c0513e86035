package org.dpop4j.jaxrs;

import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/**
 * Jersey's hook for closing a feature's settings when the application stops (undeploy). A reload
 * configures the same feature again, so it closes nothing. JAX-RS itself has no shutdown
 * callback; this class is loaded only where Jersey's SPI is present.
 */
final class JerseyShutdown implements ContainerLifecycleListener {

  /** The feature's {@link org.dpop4j.core.config.DpopSettings}, which log a failure to close. */
  private final AutoCloseable settings;

  JerseyShutdown(AutoCloseable settings) {
    this.settings = settings;
  }

  @Override
  public void onStartup(Container container) {}

  @Override
  public void onReload(Container container) {}

  @Override
  public void onShutdown(Container container) {
    try {
      settings.close();
    } catch (Exception e) {
      // DpopSettings.close logs and never throws; nothing else is registered here.
      throw new IllegalStateException(e);
    }
  }
}
