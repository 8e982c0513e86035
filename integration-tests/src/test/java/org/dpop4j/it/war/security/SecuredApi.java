package org.dpop4j.it.war.security;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** A JAX-RS application without any dpop4j provider: the container authenticates. */
@ApplicationPath("api")
public class SecuredApi extends Application {}
