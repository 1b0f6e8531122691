package io.kvsync.scheduler.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns refusals into problem-details answers. Only known refusals are mapped: anything else stays
 * a 500 that is logged, rather than being disguised as the client's fault.
 */
public class ProblemResponses {

  public static Response of(ProblemDetail problem) {
    return Response.status(problem.status()).type(ProblemDetail.MEDIA_TYPE).entity(problem).build();
  }

  @ServerExceptionMapper
  public Response apiProblem(ApiProblem problem) {
    return of(problem.toProblemDetail());
  }

  /** Unknown paths, unsupported methods, bad path parameters (e.g. an id that is not a UUID). */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String title =
        Response.Status.fromStatusCode(status) == null
            ? "Error"
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    String detail = status == 404 ? "No such resource" : e.getMessage();
    return of(new ProblemDetail(status, title, detail, null));
  }

  /** A body that is not JSON, or a value of the wrong type for its field. */
  @ServerExceptionMapper
  public Response unreadableBody(JsonProcessingException e) {
    String field = null;
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      field =
          mismatch.getPath().stream()
              .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "" + ref.getIndex())
              .collect(Collectors.joining("."));
    }
    String detail =
        e instanceof InvalidFormatException invalid
            ? "Value "
                + invalid.getValue()
                + " is not a valid "
                + invalid.getTargetType().getSimpleName()
            : field != null ? "Value of the wrong type" : "The body is not valid JSON";
    return of(new ProblemDetail(400, "Bad request", detail, field));
  }
}
