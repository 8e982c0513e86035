package org.dpop4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The module descriptor a library module compiles to, read from where its classes were built (the
 * same on the class path and on the module path), and the "Module" line of the module's README
 * that documents it: {@code Module: `name`, exports `a.b`, `a.b.c`; only to ... `a.b.internal to
 * x.y`.}
 */
public final class PublishedModule {

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private final ModuleDescriptor descriptor;

  private PublishedModule(ModuleDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  /** The module {@code anyMainClass} was compiled into. */
  public static PublishedModule containing(Class<?> anyMainClass) {
    Path classes;
    try {
      classes =
          Path.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Set<ModuleReference> found = ModuleFinder.of(classes).findAll();
    if (found.size() != 1) {
      throw new IllegalStateException("not one module in " + classes + ": " + found);
    }
    return new PublishedModule(found.iterator().next().descriptor());
  }

  public ModuleDescriptor descriptor() {
    return descriptor;
  }

  /** The packages exported to every module. */
  public Set<String> exports() {
    return descriptor.exports().stream()
        .filter(export -> !export.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The packages exported only to named modules, as {@code "package to module, module"}. */
  public Set<String> qualifiedExports() {
    return descriptor.exports().stream()
        .filter(ModuleDescriptor.Exports::isQualified)
        .map(
            export ->
                export.source() + " to " + String.join(", ", new TreeSet<>(export.targets())))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The packages open to deep reflection. */
  public Set<String> opens() {
    return descriptor.opens().stream()
        .map(ModuleDescriptor.Opens::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The module name and then the exported packages, as the README's "Module" line names them. */
  public static List<String> documentedIn(Path readme) {
    List<String> lines;
    try {
      lines = Files.readAllLines(readme);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> moduleLines =
        lines.stream().filter(line -> line.startsWith("Module: ")).collect(Collectors.toList());
    if (moduleLines.size() != 1) {
      throw new IllegalStateException(readme + " has not one \"Module: \" line: " + moduleLines);
    }
    List<String> names = new ArrayList<>();
    Matcher code = CODE.matcher(moduleLines.get(0));
    while (code.find()) {
      names.add(code.group(1));
    }
    return names;
  }

  /**
   * What {@link #documentedIn} should read: the name, the exports in order, then the qualified
   * exports in order.
   */
  public List<String> asDocumented() {
    List<String> names = new ArrayList<>();
    names.add(descriptor.name());
    names.addAll(exports());
    names.addAll(qualifiedExports());
    return names;
  }
}
