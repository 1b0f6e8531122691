package io.kvsync.scheduler.rest;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * States in the OpenAPI document the refusals every operation with a body shares (Rules): 400 for a
 * body that is not JSON, has an unknown field, a value of the wrong type or breaks a parsing limit;
 * 413 over the body limit; 415 for another content type. Each is a problem-details answer.
 */
public class InputRulesDocument implements OASFilter {

  private static final String PROBLEM = "ProblemDetail";

  private static final Map<String, String> BODY_REFUSALS =
      Map.of(
          "400",
          "The body is not JSON, has an unknown field or a value of the wrong type, nests deeper"
              + " than "
              + Rules.MAX_JSON_DEPTH
              + " levels or has a string longer than "
              + Rules.MAX_JSON_STRING_LENGTH
              + " characters; the problem names the field",
          "413",
          Rules.BODY_TOO_LARGE,
          "415",
          "The body is not " + Rules.JSON);

  /** The problem-details schema the refusals refer to. */
  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    if (openApi.getComponents() == null) {
      openApi.setComponents(OASFactory.createComponents());
    }
    Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    openApi
        .getComponents()
        .addSchema(
            PROBLEM,
            OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details (" + ProblemDetail.MEDIA_TYPE + ")")
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("title", text)
                .addProperty("detail", text)
                .addProperty(
                    "field",
                    OASFactory.createSchema()
                        .addType(Schema.SchemaType.STRING)
                        .description("The request field that broke a rule, when one did")));
  }

  @Override
  public Operation filterOperation(Operation operation) {
    if (operation.getRequestBody() == null) {
      return operation;
    }
    // Replaces the generated "400 Bad Request", which has neither the rule nor the content.
    BODY_REFUSALS.forEach(
        (status, description) ->
            operation.getResponses().addAPIResponse(status, problem(description)));
    return operation;
  }

  private static APIResponse problem(String description) {
    Content content =
        OASFactory.createContent()
            .addMediaType(
                ProblemDetail.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    return OASFactory.createAPIResponse().description(description).content(content);
  }
}
