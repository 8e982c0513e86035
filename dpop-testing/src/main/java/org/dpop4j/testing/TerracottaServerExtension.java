package org.dpop4j.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class that asks for a {@link TerracottaServer} parameter its own real server,
 * started by {@link TerracottaServer#startOnFreePorts()} once for the class and stopped after it.
 */
public final class TerracottaServerExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TerracottaServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestClass().isPresent() && context.getTestMethod().isPresent()
            ? context.getParent().orElseThrow()
            : context;
    return classContext
        .getStore(ExtensionContext.Namespace.create(TerracottaServerExtension.class))
        .getOrComputeIfAbsent(
            classContext.getRequiredTestClass(), testClass -> new RunningServer(), RunningServer.class)
        .server;
  }

  /** Closed by JUnit when the class's context ends. */
  private static final class RunningServer implements ExtensionContext.Store.CloseableResource {
    final TerracottaServer server;

    RunningServer() {
      try {
        server = TerracottaServer.startOnFreePorts();
      } catch (Exception e) {
        throw new IllegalStateException("could not start a Terracotta server", e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
