package org.dpop4j.jaxrs;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where {@link DpopProtected} is in one resource class, its superclasses and its interfaces, and
 * the templates of its sub-resource locators; found once per class.
 *
 * <p>Methods are grouped by name and number of parameters across the whole hierarchy, so that an
 * annotation on an overridden or interface method counts (as it must for CDI proxies, which are
 * subclasses without annotations). Overloads are merged with it: that can only add protection.
 */
final class ResourceType {

  private static final ClassValue<ResourceType> TYPES =
      new ClassValue<>() {
        @Override
        protected ResourceType computeValue(Class<?> type) {
          return new ResourceType(type);
        }
      };

  private final boolean protectedAsAWhole;
  private final Map<String, MethodFamily> families;
  private final List<MethodFamily> locators;

  private ResourceType(Class<?> type) {
    Set<Class<?>> hierarchy = hierarchy(type);
    protectedAsAWhole = hierarchy.stream().anyMatch(t -> t.isAnnotationPresent(DpopProtected.class));
    Map<String, MethodFamily.Builder> builders = new HashMap<>();
    for (Class<?> t : hierarchy) {
      for (Method method : t.getDeclaredMethods()) {
        if (!Modifier.isStatic(method.getModifiers())) {
          builders.computeIfAbsent(key(method), k -> new MethodFamily.Builder()).add(method);
        }
      }
    }
    families = new HashMap<>();
    builders.forEach((key, builder) -> families.put(key, builder.build()));
    locators = families.values().stream().filter(MethodFamily::hasPath).toList();
  }

  static ResourceType of(Class<?> type) {
    return TYPES.get(type);
  }

  /** Whether the class, a superclass or an interface is marked. */
  boolean isProtected() {
    return protectedAsAWhole;
  }

  /** Whether {@code method}, or a method it overrides or implements in this type, is marked. */
  boolean protects(Method method) {
    MethodFamily family = families.get(key(method));
    return method.isAnnotationPresent(DpopProtected.class) || family != null && family.marked();
  }

  /** Whether a sub-resource locator of this type is marked. */
  boolean hasProtectedLocator() {
    return locators.stream().anyMatch(MethodFamily::marked);
  }

  /**
   * Whether the locator of this type that consumed {@code consumed} may be marked: whether a
   * marked locator's template matches the path and no open one is sure to have been preferred.
   * JAX-RS precedence prefers a template without variables that is the path to every template
   * with fewer literal characters (counted here with a margin for the slash runtimes add). A path
   * that no template matches is not understood: then any marked locator counts.
   */
  boolean locatorMayBeProtected(ConsumedPath consumed) {
    if (!hasProtectedLocator()) {
      return false;
    }
    Set<String> forms = consumed.forms();
    List<MethodFamily> matching = locators.stream().filter(l -> l.mayMatch(forms)).toList();
    if (matching.isEmpty()) {
      return true;
    }
    List<MethodFamily> markedMatching = matching.stream().filter(MethodFamily::marked).toList();
    boolean openLiteralPreferred =
        matching.stream().anyMatch(l -> !l.marked() && l.isPlainLocatorAt(consumed))
            && markedMatching.stream()
                .allMatch(m -> m.literalCharacters() + 1 < consumed.encoded().length());
    return !markedMatching.isEmpty() && !openLiteralPreferred;
  }

  private static String key(Method method) {
    return method.getName() + "/" + method.getParameterCount();
  }

  private static Set<Class<?>> hierarchy(Class<?> type) {
    Set<Class<?>> hierarchy = new LinkedHashSet<>();
    Deque<Class<?>> pending = new ArrayDeque<>(List.of(type));
    while (!pending.isEmpty()) {
      Class<?> next = pending.pop();
      if (next != Object.class && hierarchy.add(next)) {
        if (next.getSuperclass() != null) {
          pending.add(next.getSuperclass());
        }
        pending.addAll(List.of(next.getInterfaces()));
      }
    }
    return hierarchy;
  }

  /** The methods of one name and arity across the hierarchy, as far as protection goes. */
  private record MethodFamily(
      boolean marked,
      boolean resourceMethod,
      Set<String> templates,
      List<Pattern> patterns,
      int literalCharacters) {

    boolean hasPath() {
      return !templates.isEmpty();
    }

    /** A locator in every declaration, with one template, without variables, that is the path. */
    boolean isPlainLocatorAt(ConsumedPath consumed) {
      if (resourceMethod || templates.size() != 1) {
        return false;
      }
      String template = templates.iterator().next();
      return template.indexOf('{') < 0 && consumed.isExactly(template);
    }

    boolean mayMatch(Set<String> paths) {
      return patterns.stream()
          .anyMatch(p -> paths.stream().anyMatch(path -> p.matcher(path).matches()));
    }

    private static final class Builder {
      private boolean marked;
      private boolean resourceMethod;
      private final Set<String> templates = new LinkedHashSet<>();
      private int literalCharacters;

      void add(Method method) {
        marked |= method.isAnnotationPresent(DpopProtected.class);
        for (Annotation annotation : method.getAnnotations()) {
          resourceMethod |= annotation.annotationType().isAnnotationPresent(HttpMethod.class);
        }
        Path path = method.getAnnotation(Path.class);
        if (path != null) {
          templates.add(PathTemplate.normalize(path.value()));
          literalCharacters = Math.max(literalCharacters, PathTemplate.literalCharacters(path.value()));
        }
      }

      MethodFamily build() {
        List<Pattern> patterns = new ArrayList<>();
        templates.forEach(template -> patterns.add(PathTemplate.pattern(template)));
        return new MethodFamily(
            marked, resourceMethod, Set.copyOf(templates), List.copyOf(patterns), literalCharacters);
      }
    }
  }
}
