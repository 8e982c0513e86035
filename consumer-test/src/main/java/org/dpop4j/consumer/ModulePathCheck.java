package org.dpop4j.consumer;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A module-path user of the published jars, from the class path Maven resolved: the dpop4j modules
 * and the modules they require go on the module path, the rest (Ehcache, whose jars split packages
 * and so cannot be modules) on the class path. Compiles {@code src/module-user} there and runs
 * it as a named module twice: with dpop-ehcache an automatic module on the module path, and with
 * it on the class path beside Ehcache, where it can use only what the named dpop-core exports to
 * everyone (a qualified export cannot reach it there). Then checks that no package a dpop4j
 * module keeps to itself (such as {@code org.dpop4j.core.internal}) compiles in a module that
 * requires them all. Exits non-zero when anything is off.
 *
 * <p>Arguments: the module source directory and a directory for the compiled classes.
 */
public final class ModulePathCheck {

  private static final String PREFIX = "org.dpop4j.";
  private static final String APPLICATION = "org.dpop4j.consumer.modular";
  private static final String EHCACHE = "org.dpop4j.ehcache";

  private ModulePathCheck() {}

  public static void main(String[] args) throws Exception {
    Path sources = Path.of(args[0]);
    Path output = Path.of(args[1]);
    Map<String, ModuleReference> byName = modulesOn(System.getProperty("java.class.path"));
    Set<String> onModulePath = requiredClosure(byName);
    require(onModulePath.contains(EHCACHE), "dpop-ehcache among the modules");
    String modulePath = paths(onModulePath.stream().map(byName::get));
    String classPath =
        paths(
            byName.values().stream()
                .filter(module -> !onModulePath.contains(module.descriptor().name())));
    String modulePathWithoutEhcache =
        paths(onModulePath.stream().filter(name -> !name.equals(EHCACHE)).map(byName::get));
    String classPathWithEhcache =
        paths(Stream.of(byName.get(EHCACHE))) + File.pathSeparator + classPath;

    compile(modulePath, sources, output.resolve("classes"));
    String application = File.pathSeparator + output.resolve("classes");
    run(modulePath + application, classPath, "module-path");
    run(modulePathWithoutEhcache + application, classPathWithEhcache, "class-path");

    List<String> concealed = new ArrayList<>();
    for (String name : onModulePath) {
      ModuleDescriptor module = byName.get(name).descriptor();
      if (name.startsWith(PREFIX) && !module.isAutomatic()) {
        Set<String> exported =
            module.exports().stream()
                .filter(export -> !export.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        module.packages().stream().filter(p -> !exported.contains(p)).forEach(concealed::add);
      }
    }
    List<String> dpopModules =
        onModulePath.stream()
            .filter(name -> name.startsWith(PREFIX) && !byName.get(name).descriptor().isAutomatic())
            .collect(Collectors.toList());
    for (String hidden : concealed) {
      String errors = compileProbe(modulePath, dpopModules, hidden, output.resolve("probe"));
      require(
          errors.contains("package " + hidden + " is not visible"),
          "a module cannot use the concealed package " + hidden + "; javac said: " + errors);
    }
    System.out.println(
        "module path check passed: " + APPLICATION + " compiled and ran against " + dpopModules
            + "; concealed from it: " + concealed);
  }

  /** Every jar of the class path as the module it would be on the module path. */
  private static Map<String, ModuleReference> modulesOn(String classPath) {
    Map<String, ModuleReference> byName = new LinkedHashMap<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (!entry.endsWith(".jar")) {
        continue; // this project's own classes
      }
      try {
        for (ModuleReference module : ModuleFinder.of(jar).findAll()) {
          byName.put(module.descriptor().name(), module);
        }
      } catch (FindException notAModule) {
        System.out.println("on the class path only, not a module: " + jar.getFileName());
      }
    }
    return byName;
  }

  /** The dpop4j modules and, transitively, the modules they require (not those only static). */
  private static Set<String> requiredClosure(Map<String, ModuleReference> byName) {
    Set<String> closure = new LinkedHashSet<>();
    Deque<String> pending =
        byName.keySet().stream()
            .filter(name -> name.startsWith(PREFIX))
            .collect(Collectors.toCollection(ArrayDeque::new));
    require(!pending.isEmpty(), "dpop4j jars on the class path");
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!byName.containsKey(name) || !closure.add(name)) {
        continue; // a JDK module, or one seen already
      }
      for (ModuleDescriptor.Requires requires : byName.get(name).descriptor().requires()) {
        if (!requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          pending.push(requires.name());
        }
      }
    }
    return closure;
  }

  private static void compile(String modulePath, Path sources, Path classes) throws IOException {
    List<String> arguments = new ArrayList<>(List.of("-Xlint:all", "-Werror"));
    arguments.addAll(List.of("--module-path", modulePath, "-d", classes.toString()));
    try (Stream<Path> files = Files.walk(sources)) {
      files
          .filter(file -> file.toString().endsWith(".java"))
          .forEach(file -> arguments.add(file.toString()));
    }
    StringWriter errors = new StringWriter();
    require(javac(errors, arguments) == 0, "the module-path application compiles: " + errors);
  }

  /** Runs the application; {@code ehcacheOn} says where dpop-ehcache is, for it to check. */
  private static void run(String modulePath, String classPath, String ehcacheOn)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "--module-path",
                modulePath,
                "--class-path",
                classPath,
                // Ehcache, on the class path, uses sun.misc.Unsafe, which no module here requires
                "--add-modules",
                "jdk.unsupported",
                "--module",
                APPLICATION + "/" + APPLICATION + ".ModularUser",
                ehcacheOn)
            .inheritIO()
            .start();
    require(
        process.waitFor() == 0,
        "the module-path application runs, dpop-ehcache on the " + ehcacheOn);
  }

  /** javac's errors for a module that requires every dpop4j module and imports {@code hidden}. */
  private static String compileProbe(
      String modulePath, List<String> dpopModules, String hidden, Path directory)
      throws IOException {
    Path source = directory.resolve("src").resolve("probe");
    Files.createDirectories(source);
    Files.writeString(
        source.getParent().resolve("module-info.java"),
        dpopModules.stream()
            .map(name -> "  requires " + name + ";\n")
            .collect(Collectors.joining("", "module probe {\n", "}\n")));
    Files.writeString(
        source.resolve("Probe.java"), "package probe;\nimport " + hidden + ".*;\nclass Probe {}\n");
    StringWriter errors = new StringWriter();
    int status =
        javac(
            errors,
            List.of(
                "--module-path",
                modulePath,
                "-d",
                directory.resolve("classes").toString(),
                source.getParent().resolve("module-info.java").toString(),
                source.resolve("Probe.java").toString()));
    require(status != 0, "the probe importing " + hidden + " fails to compile");
    return errors.toString();
  }

  /** Runs javac; what it reports goes to {@code errors}. */
  private static int javac(StringWriter errors, List<String> arguments) {
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, messages, messages, arguments.toArray(String[]::new));
    errors.write(messages.toString(StandardCharsets.UTF_8));
    return status;
  }

  private static String paths(Stream<ModuleReference> modules) {
    return modules
        .map(module -> Path.of(module.location().orElseThrow()).toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("unexpected: " + what);
    }
  }
}
