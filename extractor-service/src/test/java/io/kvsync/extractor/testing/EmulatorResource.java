package io.kvsync.extractor.testing;

import io.kvsync.emulator.EmulatorConfig;
import io.kvsync.emulator.KlaviyoEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the Klaviyo emulator in process, with Klaviyo's published rate limits, and points the
 * extractor at it. Tests reach it through its admin API at the same base URL.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

  private KlaviyoEmulator emulator;

  @Override
  public Map<String, String> start() {
    emulator = KlaviyoEmulator.start(EmulatorConfig.defaults());
    return Map.of("kvsync.klaviyo.base-url", emulator.baseUrl());
  }

  @Override
  public void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }
}
