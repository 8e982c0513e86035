package org.dpop4j.jaxrs;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/**
 * Whether a matched request needs DPoP: whether {@link DpopProtected} marks anything the request
 * went through, that is the resource method, its class, every resource class on the way to it,
 * and the sub-resource locators between them.
 *
 * <p>Name binding cannot tell: JAX-RS binds filters to resource methods only, never to the
 * locators leading to them, so the locators of a marked class would let requests past it. Nor
 * does JAX-RS name the locators a request went through; they are found from the matched resources
 * and matched URIs instead, which gain one entry each per locator (and the URIs one more for a
 * final sub-resource method): the part of the path that a locator consumed is compared with the
 * templates of the locators of the class before it. Whatever cannot be told apart is protected.
 *
 * <p>A marked {@code Application} subclass protects every request, as a name binding on it binds
 * globally (JAX-RS 3.1 §6.5.2).
 */
final class ProtectedChain {

  private ProtectedChain() {}

  static boolean requiresDpop(ResourceInfo resourceInfo, UriInfo uriInfo) {
    Method method = resourceInfo.getResourceMethod();
    Class<?> resourceClass = resourceInfo.getResourceClass();
    List<Object> resources = uriInfo.getMatchedResources();
    if (method == null && resourceClass == null && resources.isEmpty()) {
      return true;
    }
    if (resourceClass != null && marks(ResourceType.of(resourceClass), method)) {
      return true;
    }
    if (method != null && marks(ResourceType.of(method.getDeclaringClass()), method)) {
      return true;
    }
    for (Object resource : resources) {
      if (ResourceType.of(resource.getClass()).isProtected()) {
        return true;
      }
    }
    return aLocatorOnTheWayMayBeProtected(resources, uriInfo);
  }

  /**
   * Whether {@code application}, or the one it wraps, is marked. Jersey injects the {@code
   * ResourceConfig} it wraps the user's application in; its public {@code getApplication()}
   * returns the original, and is followed without a compile-time dependency on Jersey.
   */
  static boolean marksEverything(Application application) {
    Application current = application;
    for (int depth = 0; current != null && depth < 4; depth++) {
      if (ResourceType.of(current.getClass()).isProtected()) {
        return true;
      }
      Application wrapped = wrappedApplication(current);
      if (wrapped == current) {
        return false;
      }
      current = wrapped;
    }
    return false;
  }

  private static Application wrappedApplication(Application application) {
    try {
      Method getter = application.getClass().getMethod("getApplication");
      if (!Modifier.isPublic(getter.getDeclaringClass().getModifiers())
          || !Application.class.isAssignableFrom(getter.getReturnType())) {
        return application;
      }
      return (Application) getter.invoke(application);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      return application;
    }
  }

  private static boolean marks(ResourceType type, Method method) {
    return type.isProtected() || method != null && type.protects(method);
  }

  /** Matched resources and URIs run from the last matched to the root resource. */
  private static boolean aLocatorOnTheWayMayBeProtected(List<Object> resources, UriInfo uriInfo) {
    List<String> encoded = uriInfo.getMatchedURIs(false);
    List<String> decoded = uriInfo.getMatchedURIs(true);
    int extraUris = encoded.size() - resources.size();
    boolean aligned =
        (extraUris == 0 || extraUris == 1)
            && decoded.size() == encoded.size()
            && uriInfo.getPath(false).indexOf(';') < 0
            && allPrefixesAtSegmentEnds(encoded, uriInfo.getPath(false))
            && allPrefixesAtSegmentEnds(decoded, uriInfo.getPath(true));
    for (int child = 0; child + 1 < resources.size(); child++) {
      ResourceType parent = ResourceType.of(resources.get(child + 1).getClass());
      Optional<ConsumedPath> consumed =
          aligned ? consumedByLocator(encoded, decoded, child + extraUris) : Optional.empty();
      if (consumed.isPresent()
          ? parent.locatorMayBeProtected(consumed.get())
          : parent.hasProtectedLocator()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The path consumed by the locator whose URI is at {@code index}, after its parent's URI; empty
   * when the URIs do not extend each other.
   */
  private static Optional<ConsumedPath> consumedByLocator(
      List<String> encoded, List<String> decoded, int index) {
    Optional<String> encodedPath = extension(encoded.get(index + 1), encoded.get(index));
    Optional<String> decodedPath = extension(decoded.get(index + 1), decoded.get(index));
    return encodedPath.isPresent() && decodedPath.isPresent()
        ? Optional.of(new ConsumedPath(encodedPath.get(), decodedPath.get()))
        : Optional.empty();
  }

  /**
   * Whether every matched URI is a part of the path that ends with a segment, as every match of
   * a JAX-RS template does. Runtimes do not all reckon matched URIs from the path they match:
   * Jersey matches without matrix parameters, but cuts matched URIs from the path with them, so
   * a path with matrix parameters is never trusted to tell one locator from another.
   */
  private static boolean allPrefixesAtSegmentEnds(List<String> matchedUris, String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return matchedUris.stream()
        .allMatch(
            uri ->
                relative.startsWith(uri)
                    && (uri.isEmpty()
                        || uri.endsWith("/")
                        || relative.length() == uri.length()
                        || relative.charAt(uri.length()) == '/'));
  }

  private static Optional<String> extension(String parentUri, String uri) {
    if (!uri.startsWith(parentUri)) {
      return Optional.empty();
    }
    String rest = uri.substring(parentUri.length());
    boolean atSegmentBoundary =
        parentUri.isEmpty() || parentUri.endsWith("/") || rest.isEmpty() || rest.startsWith("/");
    return atSegmentBoundary ? Optional.of(PathTemplate.normalize(rest)) : Optional.empty();
  }
}
