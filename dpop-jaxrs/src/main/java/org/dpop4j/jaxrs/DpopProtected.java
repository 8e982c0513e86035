package org.dpop4j.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the resource classes and methods that only DPoP-authenticated requests may reach. The
 * {@link DpopFeature} registers the filter that enforces it; unmarked resources are untouched.
 *
 * <p>On the {@code Application} subclass, it protects every request to the application. On a
 * resource class (root or sub-resource), a superclass or an interface, it protects every
 * request that a resource of that class handles or passes on through a sub-resource locator. On
 * a resource method, it protects that method; on a sub-resource locator, every request that goes
 * through the locator, whatever the class of the object it returns. JAX-RS does not tell which
 * locator a request went through: where the templates of an open and a marked locator of one
 * class both match the path (an open {@code @Path("{slug}")} and a marked {@code @Path("{id:
 * [0-9]+}")} both match {@code 42}), the request is protected, unless the open template has no
 * variable and is the path ({@code @Path("public")}), which JAX-RS always prefers.
 *
 * <p>Not a JAX-RS name binding, on purpose: JAX-RS applies name-bound filters to resource methods
 * only, never to the sub-resource locators on the way to them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DpopProtected {}
