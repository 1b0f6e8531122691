package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A destination that requires TLS, as managed PostgreSQL does: with {@code verify-full} and its CA
 * the pipeline loads exactly; without the CA the connection test says the certificate is not
 * trusted; {@code disable} is refused by the server and the test says TLS is required; a wrong
 * password (SCRAM) says authentication failed.
 */
@ExtendWith(WholeSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsDestinationTest {

  private static final List<String> OBJECTS = List.of("metric_v2");

  private RunningSystem system;
  private ControlApi api;
  private TlsCluster cluster;

  @BeforeAll
  void startTlsCluster(RunningSystem system) throws Exception {
    this.system = system;
    this.api = system.api();
    this.cluster = TlsCluster.start();
  }

  @AfterAll
  void dropTlsCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Map<String, Object> destination(String schema, String sslMode, String ca) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "tls " + schema);
    body.put("host", "127.0.0.1");
    body.put("port", cluster.port());
    body.put("database", TlsCluster.DATABASE);
    body.put("user", TlsCluster.USER);
    body.put("password", cluster.password());
    body.put("schema", schema);
    body.put("ssl_mode", sslMode);
    if (ca != null) {
      body.put("ca_certificate", ca);
    }
    return body;
  }

  private static String schema() {
    return "tls_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void verifyFullWithTheCaLoadsThePipelineExactly() throws Exception {
    String schema = schema();
    Map<String, Object> body = destination(schema, "verify-full", cluster.caCertificate());
    api.postExpecting("/api/v1/destinations/test", body, 200);
    JsonNode created = api.postExpecting("/api/v1/destinations", body, 201);
    assertEquals("verify-full", created.get("ssl_mode").asText());
    assertTrue(created.get("ca_certificate_set").asBoolean());
    assertFalse(created.toString().contains("BEGIN CERTIFICATE"), created.toString());

    Scenario scenario = new Scenario(system);
    String pipelineId = scenario.pipeline(created.get("id").asText(), OBJECTS);
    JsonNode job = scenario.awaitJob(scenario.runNow(pipelineId), "SUCCEEDED");
    Instant started = Instant.parse(job.get("started_at").asText());
    try (Connection db = cluster.connect()) {
      for (String table : OBJECTS) {
        DestinationTable.assertMatchesKlaviyo(system, db, schema, table, started);
      }
    }
    system.api().awaitIdle(pipelineId, Duration.ofMinutes(2));
  }

  @Test
  void withoutTheCaTheConnectionTestSaysTheCertificateIsNotTrusted() throws Exception {
    ControlApi.Answer answer =
        api.post("/api/v1/destinations/test", destination(schema(), "verify-full", null));
    assertEquals(422, answer.status(), answer.body().toString());
    assertEquals("ca_certificate", answer.body().get("field").asText());
    assertTrue(
        answer.body().get("detail").asText().contains("certificate not trusted"),
        answer.body().toString());
    assertFalse(answer.body().toString().contains(cluster.password()));
  }

  @Test
  void aWrongPasswordAnswersAuthenticationFailedWithoutEitherPassword() throws Exception {
    Map<String, Object> body = destination(schema(), "verify-full", cluster.caCertificate());
    String wrong = "wrong-" + UUID.randomUUID();
    body.put("password", wrong);
    ControlApi.Answer answer = api.post("/api/v1/destinations/test", body);
    assertEquals(422, answer.status(), answer.body().toString());
    assertEquals("password", answer.body().get("field").asText());
    String detail = answer.body().get("detail").asText();
    assertTrue(detail.contains("authentication failed"), detail);
    assertFalse(detail.contains("password authentication failed for user"), "no driver text");
    assertFalse(answer.body().toString().contains(wrong));
    assertFalse(answer.body().toString().contains(cluster.password()));
  }

  @Test
  void disableIsRefusedByTheServerAndTheTestSaysTlsIsRequired() throws Exception {
    ControlApi.Answer answer =
        api.post("/api/v1/destinations/test", destination(schema(), "disable", null));
    assertEquals(422, answer.status(), answer.body().toString());
    assertEquals("ssl_mode", answer.body().get("field").asText());
    String detail = answer.body().get("detail").asText();
    assertTrue(detail.contains("TLS required"), detail);
    assertFalse(detail.contains("pg_hba.conf entry"), "no driver text: " + detail);
    assertFalse(answer.body().toString().contains(cluster.password()));
  }
}
