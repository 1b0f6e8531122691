package io.kvsync.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.testing.TlsBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The loader over AMQPS: its connector channels reach the broker only through a TLS listener whose
 * certificate the configured CA file holds (RABBITMQ_TLS, RABBITMQ_CA_CERT_FILE), and a batch still
 * loads and is reported.
 */
@QuarkusTest
@QuarkusTestResource(
    value = TlsBrokerResource.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "database", value = TestDestination.DATABASE))
class AmqpsTest extends BusTest {

  IntSupplier tlsHandshakes;

  @Test
  void aBatchLoadsAndIsReportedOverAmqps() throws Exception {
    BatchLoaded loaded =
        loadMetric(Instant.parse("2026-11-01T10:00:00Z"), "T", "{\"name\":\"over tls\"}");

    assertEquals(1, loaded.rowsUpserted());
    assertEquals(1, destination.rows("SELECT id FROM {schema}.metric_v2").size());
    // The consuming and the reporting channel each opened a connection through the listener.
    assertTrue(
        tlsHandshakes.getAsInt() >= 2,
        "TLS handshakes through the listener: " + tlsHandshakes.getAsInt());
  }
}
