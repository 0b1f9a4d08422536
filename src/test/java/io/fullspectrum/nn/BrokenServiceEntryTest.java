package io.fullspectrum.nn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A META-INF/services entry naming a class that is not there is one line naming the services file and the class,
 * when the registry is first asked, not a stack trace from a static initialiser.
 */
class BrokenServiceEntryTest {
  @TempDir Path dir;

  /** Loads our own classes afresh (so the registry initialises again), everything else from the parent. */
  private static final class OwnClassesFirst extends URLClassLoader {
    OwnClassesFirst(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (!name.startsWith("io.fullspectrum.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> c = findLoadedClass(name);
        return c != null ? c : findClass(name);
      }
    }

    /** Our services files from this loader's folders only (not the test class path's own entries). */
    @Override
    public java.util.Enumeration<URL> getResources(String name) throws IOException {
      return name.startsWith("META-INF/services/io.fullspectrum.") ? findResources(name) : super.getResources(name);
    }
  }

  @Test
  void anArchitectureServiceEntryNamingAMissingClassIsOneLineNamingIt() throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("io.fullspectrum.nn.ArchitectureDefinition"), "com.example.NoSuchNet\n");
    URL ours = ArchitectureDefinition.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader loader = new OwnClassesFirst(new URL[] {dir.toUri().toURL(), ours},
        ArchitecturesTest.class.getClassLoader())) {
      Method get = loader.loadClass("io.fullspectrum.nn.Architectures").getMethod("get", String.class);
      InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> get.invoke(null, "resnet18"));
      assertThat(e.getCause().getClass(), equalTo(IllegalArgumentException.class));
      assertThat(e.getCause().getMessage(), startsWith("META-INF/services/io.fullspectrum.nn.ArchitectureDefinition: "
          + "io.fullspectrum.nn.ArchitectureDefinition: Provider com.example.NoSuchNet not found"));
    }
  }
}
