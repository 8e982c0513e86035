package org.dpop4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Work directories that each run starts empty, so no state of an earlier run leaks in. */
public final class Directories {

  private Directories() {}

  /** Deletes {@code directory} with its contents, if it exists, and creates it empty. */
  public static Path recreate(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return Files.createDirectories(directory);
  }
}
