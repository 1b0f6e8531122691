package io.kvsync.scheduler.security;

import static io.kvsync.scheduler.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.kvsync.scheduler.support.Api;
import io.kvsync.scheduler.support.ControlPlaneServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every role against every action: allowed calls pass, others get 403, no token gets 401. */
@QuarkusTest
@QuarkusTestResource(ControlPlaneServices.class)
class RoleMatrixTest {

  private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

  /** One call per action, each against its own fresh resources. */
  private static final Map<Action, Function<RequestSpecification, Response>> CALLS =
      Map.of(
          Action.CREATE_DELETE,
          request ->
              request
                  .body(
                      Api.pipelineBody(
                          "p-" + UUID.randomUUID(), Api.createDestination(), List.of("metric_v2")))
                  .post("/api/v1/pipelines"),
          Action.MANAGE_DESTINATIONS,
          request ->
              request
                  .body(Api.destinationBody("d-" + UUID.randomUUID()))
                  .post("/api/v1/destinations"),
          Action.OPERATE,
          request ->
              request.post(
                  "/api/v1/pipelines/" + Api.createPipeline(List.of("metric_v2")) + "/pause"),
          Action.READ,
          request -> request.get("/api/v1/pipelines"),
          Action.MANAGE_TOKENS,
          request -> request.get("/api/v1/tokens"));

  private static void oneTokenPerRole() {
    if (!TOKENS.isEmpty()) {
      return;
    }
    for (Role role : Role.values()) {
      String secret =
          asAdmin()
              .body(Map.of("name", "matrix " + role + " " + UUID.randomUUID(), "role", role.name()))
              .post("/api/v1/tokens")
              .then()
              .statusCode(201)
              .body("role", equalTo(role.name()))
              .extract()
              .path("token");
      TOKENS.put(role, secret);
    }
  }

  private static RequestSpecification as(Role role) {
    oneTokenPerRole();
    return given()
        .header("Authorization", "Bearer " + TOKENS.get(role))
        .contentType(ContentType.JSON);
  }

  @Test
  void everyRoleMayDoExactlyWhatItsPermissionsSay() {
    Map<Role, List<Action>> allowed =
        Map.of(
            Role.TEAM_ADMINISTRATOR,
                List.of(
                    Action.CREATE_DELETE,
                    Action.MANAGE_DESTINATIONS,
                    Action.OPERATE,
                    Action.READ,
                    Action.MANAGE_TOKENS),
            Role.TEAM_COLLABORATOR,
                List.of(
                    Action.CREATE_DELETE, Action.MANAGE_DESTINATIONS, Action.OPERATE, Action.READ),
            Role.PIPELINE_ADMINISTRATOR, List.of(Action.CREATE_DELETE, Action.OPERATE, Action.READ),
            Role.PIPELINE_COLLABORATOR, List.of(Action.OPERATE, Action.READ),
            Role.OBSERVER, List.of(Action.READ));
    for (Role role : Role.values()) {
      for (Action action : Action.values()) {
        int status = CALLS.get(action).apply(as(role)).statusCode();
        if (allowed.get(role).contains(action)) {
          assertEquals(2, status / 100, role + " may " + action + " but got " + status);
        } else {
          assertEquals(403, status, role + " may not " + action);
        }
        assertEquals(
            401,
            CALLS.get(action).apply(given().contentType(ContentType.JSON)).statusCode(),
            action + " without a token");
      }
    }
  }

  @Test
  void aRefusedRoleGetsAProblemNamingTheRule() {
    as(Role.OBSERVER)
        .body(Api.destinationBody("d-" + UUID.randomUUID()))
        .post("/api/v1/destinations")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", equalTo("Role OBSERVER may not manage destinations"));
    as(Role.PIPELINE_ADMINISTRATOR)
        .body(Api.destinationBody("d-" + UUID.randomUUID()))
        .post("/api/v1/destinations")
        .then()
        .statusCode(403)
        .body("detail", equalTo("Role PIPELINE_ADMINISTRATOR may not manage destinations"));
    as(Role.PIPELINE_COLLABORATOR)
        .post("/api/v1/admin/reseal")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void tokensAreStoredHashedShownOnceAndStopWorkingWhenRevoked() {
    var created =
        asAdmin()
            .body(Map.of("name", "short-lived", "role", "OBSERVER"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract();
    String secret = created.path("token");
    String id = created.path("id");
    assertNotNull(secret);
    String listing = asAdmin().get("/api/v1/tokens").asString();
    assertFalse(listing.contains(secret), "the secret is shown only at creation");
    asAdmin()
        .get("/api/v1/tokens")
        .then()
        .body("find { it.id == '" + id + "' }.token", nullValue());
    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/pipelines")
        .then()
        .statusCode(200);
    asAdmin().delete("/api/v1/tokens/" + id).then().statusCode(204);
    given()
        .header("Authorization", "Bearer " + secret)
        .get("/api/v1/pipelines")
        .then()
        .statusCode(401);
    asAdmin()
        .body(Map.of("name", "x", "role", "SUPERUSER"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(422)
        .body("field", equalTo("role"))
        .body(
            "detail",
            equalTo(
                "role must be one of [TEAM_ADMINISTRATOR, TEAM_COLLABORATOR,"
                    + " PIPELINE_ADMINISTRATOR, PIPELINE_COLLABORATOR, OBSERVER]"));
  }

  @Test
  void everyEndpointDeclaresItsAction() {
    List<Class<?>> resources =
        List.of(
            io.kvsync.scheduler.destination.DestinationResource.class,
            io.kvsync.scheduler.pipeline.PipelineResource.class,
            io.kvsync.scheduler.job.JobResource.class,
            io.kvsync.scheduler.token.TokenResource.class,
            io.kvsync.scheduler.secret.ResealResource.class,
            io.kvsync.scheduler.activity.ActivityResource.class);
    for (Class<?> resource : resources) {
      for (Method method : resource.getDeclaredMethods()) {
        boolean endpoint =
            method.isAnnotationPresent(jakarta.ws.rs.GET.class)
                || method.isAnnotationPresent(jakarta.ws.rs.POST.class)
                || method.isAnnotationPresent(jakarta.ws.rs.PUT.class)
                || method.isAnnotationPresent(jakarta.ws.rs.PATCH.class)
                || method.isAnnotationPresent(jakarta.ws.rs.DELETE.class);
        if (endpoint) {
          assertNotNull(
              method.getAnnotation(Permits.class),
              resource.getSimpleName() + "." + method.getName() + " declares no action");
        }
      }
      assertNotNull(resource.getAnnotation(Path.class));
    }
    given().get("/api/v1/activity-log").then().statusCode(401).body("status", not(nullValue()));
  }
}
