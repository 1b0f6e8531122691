package io.kvsync.extractor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

/**
 * Starts the Klaviyo emulator in process, with Klaviyo's published rate limits, and points the
 * extractor at it. Tests reach it through its admin API, on a port of its own ({@link #ADMIN_URL}).
 *
 * <p>The emulator's classes are loaded by a class loader of their own: Quarkus's test class loading
 * would otherwise define some of them twice (once per loader) and the emulator's handlers would
 * fail with linkage errors.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

  private static final String EMULATOR_PACKAGE = "io.kvsync.emulator.";

  /** The test setting holding the admin API base URL (outside kvsync.*, which is validated). */
  public static final String ADMIN_URL = "test.klaviyo-emulator.admin-url";

  private AutoCloseable emulator;

  @Override
  public Map<String, String> start() {
    try {
      ClassLoader loader =
          new EmulatorClassLoader(emulatorCode(), ClassLoader.getSystemClassLoader());
      Class<?> configType = loader.loadClass(EMULATOR_PACKAGE + "EmulatorConfig");
      Object config = configType.getMethod("defaults").invoke(null);
      Class<?> emulatorType = loader.loadClass(EMULATOR_PACKAGE + "KlaviyoEmulator");
      Object started = emulatorType.getMethod("start", configType).invoke(null, config);
      emulator = (AutoCloseable) started;
      String baseUrl = (String) emulatorType.getMethod("baseUrl").invoke(started);
      String adminUrl = (String) emulatorType.getMethod("adminUrl").invoke(started);
      return Map.of("kvsync.klaviyo.base-url", baseUrl, ADMIN_URL, adminUrl);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The Klaviyo emulator did not start", e);
    }
  }

  @Override
  public void stop() {
    if (emulator != null) {
      try {
        emulator.close();
      } catch (Exception e) {
        throw new IllegalStateException("The Klaviyo emulator did not stop", e);
      }
    }
  }

  /** Where the emulator's classes are (its jar, or its classes folder in a reactor build). */
  private static URL emulatorCode() throws ReflectiveOperationException {
    String resource = EMULATOR_PACKAGE.replace('.', '/') + "KlaviyoEmulator.class";
    URL url = EmulatorResource.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new ClassNotFoundException(resource + " is not on the test class path");
    }
    String text = url.toString();
    try {
      if (text.startsWith("jar:")) {
        return new URL(text.substring(4, text.indexOf("!/")));
      }
      return new URL(text.substring(0, text.length() - resource.length()));
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Child-first for the emulator's own classes, parent-first for everything else. */
  private static final class EmulatorClassLoader extends URLClassLoader {

    EmulatorClassLoader(URL code, ClassLoader parent) {
      super(new URL[] {code}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(EMULATOR_PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          type = findClass(name);
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }
  }
}
