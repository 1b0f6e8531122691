package io.kvsync.extractor.testing;

import io.kvsync.common.testing.ExternalServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the extractor at the real broker. It has no database, so none is created: a database
 * resource would also load the JDBC driver in each Quarkus application of the test JVM, and a
 * second one (another test profile) finds the first one's driver unusable.
 */
public class BrokerResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    ExternalServices.Endpoints broker = ExternalServices.start();
    return Map.of(
        "rabbitmq-host", broker.rabbitHost(),
        "rabbitmq-port", String.valueOf(broker.rabbitPort()),
        "rabbitmq-username", broker.rabbitUser(),
        "rabbitmq-password", broker.rabbitPassword());
  }

  @Override
  public void stop() {
    // Local services outlive the tests; containers stop with the JVM.
  }
}
