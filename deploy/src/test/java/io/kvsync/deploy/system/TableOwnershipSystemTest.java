package io.kvsync.deploy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One owner per table, through the packaged services: a second pipeline on a pipeline's tables is
 * refused, and a pipeline moved to another schema with {@code reset_positions} loads its whole
 * history there, exactly as Klaviyo holds it.
 */
@ExtendWith(WholeSystem.class)
class TableOwnershipSystemTest {

  private static final List<String> OBJECTS =
      List.of("metric_v2", "list_v2", "profile_v2", "event_v2");

  @Test
  void aSecondPipelineIsRefusedAndAMovedPipelineLoadsAllHistoryInItsNewSchema(RunningSystem system)
      throws Exception {
    Scenario scenario = new Scenario(system);
    ControlApi api = system.api();
    Scenario.Run first = scenario.start("owned", OBJECTS);
    scenario.assertSucceededExactly(first, OBJECTS);
    String owner = api.get("/api/v1/pipelines/" + first.pipelineId()).body().get("name").asText();

    ControlApi.Answer second =
        api.post(
            "/api/v1/pipelines",
            Map.of(
                "name",
                "second on " + first.schema(),
                "destination_id",
                first.destinationId(),
                "source",
                Map.of("type", "klaviyo_v2", "private_api_key", system.klaviyo().demoKey())));
    assertEquals(409, second.status(), second.body().toPrettyString());
    assertEquals("destination_id", second.body().get("field").asText());
    assertTrue(
        second.body().get("detail").asText().contains("Pipeline '" + owner + "'"),
        second.body().toPrettyString());

    api.awaitIdle(first.pipelineId(), Duration.ofMinutes(2));
    String elsewhere = scenario.destination("moved");
    String newSchema = scenario.schemaOf(elsewhere);
    String path = "/api/v1/pipelines/" + first.pipelineId();
    ControlApi.Answer unconfirmed = api.patch(path, Map.of("destination_id", elsewhere));
    assertEquals(409, unconfirmed.status(), unconfirmed.body().toPrettyString());
    assertEquals("reset_positions", unconfirmed.body().get("field").asText());

    ControlApi.Answer moved =
        api.patch(path, Map.of("destination_id", elsewhere, "reset_positions", true));
    assertEquals(200, moved.status(), moved.body().toPrettyString());
    JsonNode reload = api.get(path + "/jobs").body().get(0);
    assertEquals("OBJECT_REQUEST", reload.get("trigger").asText(), reload.toPrettyString());
    for (JsonNode object : reload.get("objects")) {
      if (object.get("object").asText().matches("profile_v2|event_v2")) {
        assertEquals("HISTORICAL", object.get("kind").asText(), reload.toPrettyString());
      }
    }
    scenario.assertSucceededExactly(
        new Scenario.Run(newSchema, elsewhere, first.pipelineId(), reload.get("id").asText()),
        OBJECTS);
  }
}
