package io.kvsync.common.bus;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** {@link BusSettings} as a service reads them, from {@code kvsync.bus.*} properties. */
final class TestBusSettings {

  private TestBusSettings() {}

  static BusSettings of(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withMapping(BusSettings.class)
        .withSources(new PropertiesConfigSource(properties, "test-bus-settings", 100))
        .build()
        .getConfigMapping(BusSettings.class);
  }
}
