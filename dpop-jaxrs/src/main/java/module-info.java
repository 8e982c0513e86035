/** The DPoP JAX-RS feature and the {@code @DpopProtected} annotation. */
module org.dpop4j.jaxrs {
  requires transitive org.dpop4j.core;
  requires transitive jakarta.ws.rs;
  // optional: the peer address for trusted proxies, when the runtime runs on a servlet container
  requires static jakarta.servlet;
  // Jersey, optional (JerseyShutdown), is not named here: Jersey 3 has no module-info nor
  // Automatic-Module-Name, so any name would be a guess from its file name. The module reads it
  // from the class path to compile (pom.xml) and DpopFeature adds the read edge at run time.

  exports org.dpop4j.jaxrs;

  // closes the feature's settings when a web application that is not on Jersey is undeployed
  provides jakarta.servlet.ServletContainerInitializer
      with org.dpop4j.jaxrs.WebAppShutdown;

  // JAX-RS runtimes inject the filters' private @Context fields by reflection
  opens org.dpop4j.jaxrs;
}
