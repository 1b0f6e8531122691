package io.kvsync.emulator;

import io.kvsync.emulator.auth.ApiKey;
import java.util.concurrent.CountDownLatch;

/** Runs the emulator on its own: {@code java -jar klaviyo-emulator.jar} (see README). */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    EmulatorConfig config;
    try {
      config = EmulatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("klaviyo-emulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    KlaviyoEmulator emulator = KlaviyoEmulator.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.stop();
                  stopped.countDown();
                }));
    System.out.printf(
        "klaviyo-emulator listening on %s (seed %d, %s, rate limits %s) in %d ms%n",
        emulator.baseUrl(),
        config.seed(),
        config.scale(),
        config.rateLimits().kind().name().toLowerCase(),
        (System.nanoTime() - started) / 1_000_000);
    System.out.println("demo API key (every read scope): " + config.demoKey());
    System.out.println(
        "keys lacking one scope: "
            + String.join(
                ", ",
                ApiKey.READ_SCOPES.stream().sorted().map(ApiKey::builtInKeyLacking).toList()));
    System.out.println("admin API: " + emulator.adminUrl() + "/admin/health");
    stopped.await();
  }
}
