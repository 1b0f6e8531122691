package io.kvsync.scheduler.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns refusals into problem-details answers: the one set of exception mappers of the API. Only
 * known refusals are mapped: anything else stays a 500 that is logged, rather than being disguised
 * as the client's fault. Answers never echo a value from the body: it may be a secret.
 */
public class ProblemResponses {

  public static Response of(ProblemDetail problem) {
    return Response.status(problem.status()).type(ProblemDetail.MEDIA_TYPE).entity(problem).build();
  }

  @ServerExceptionMapper
  public Response apiProblem(ApiProblem problem) {
    return of(problem.toProblemDetail());
  }

  /**
   * What the framework refuses: unknown paths (404), unsupported methods (405), an Accept it cannot
   * serve (406), a body that is not JSON (415), bad path parameters (an id that is not a UUID).
   */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException unreadable) {
      return unreadableBody(unreadable); // how the REST layer's JSON reader reports it
    }
    int status = e.getResponse().getStatus();
    return of(new ProblemDetail(status, Rules.reason(status), frameworkDetail(status, e), null));
  }

  private static String frameworkDetail(int status, WebApplicationException e) {
    return switch (status) {
      case 404 -> "No such resource";
      case 405 -> "This resource does not take that method";
      case 406 -> "This resource answers only " + Rules.JSON;
      case 413 -> Rules.BODY_TOO_LARGE;
      case 415 -> "The body must be JSON: send Content-Type: " + Rules.JSON;
      default -> e.getMessage();
    };
  }

  /**
   * A unique index refused a write: another request took the same name (or place) between this
   * request's check and its commit. The same 409 as the check's; anything else stays a 500.
   */
  @ServerExceptionMapper
  public Response constraintViolation(org.hibernate.exception.ConstraintViolationException e) {
    if (!"23505".equals(e.getSQLState())) {
      throw e;
    }
    String constraint = String.valueOf(e.getConstraintName());
    String field = constraint.contains("name") ? "name" : null;
    return of(
        new ProblemDetail(
            409,
            Rules.reason(409),
            (field == null ? "That value" : "That " + field)
                + " was taken by another request at the same moment; read the current state and"
                + " choose another",
            field));
  }

  /** A chunked body that grew past the limit as it was read. */
  @ServerExceptionMapper
  public Response bodyTooLarge(BodyLimit.TooLarge e, HttpServerRequest request) {
    BodyLimit.closeAfterAnswer(request);
    return of(new ProblemDetail(413, Rules.reason(413), Rules.BODY_TOO_LARGE, null));
  }

  /**
   * Unknown fields and values of the wrong type. Mapped apart from {@link #unreadableBody} because
   * Quarkus has a mapper of its own for this type, which would otherwise be the closer match.
   */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    return unreadableBody(e);
  }

  /** A body that is not JSON, breaks a parsing limit, or does not fit the request's fields. */
  @ServerExceptionMapper
  public Response unreadableBody(JsonProcessingException e) {
    String field = e instanceof JsonMappingException mapping ? path(mapping) : null;
    String detail;
    if (e instanceof UnrecognizedPropertyException unknown) {
      detail =
          "Unknown field '"
              + unknown.getPropertyName()
              + "': this request takes only "
              + known(unknown.getKnownPropertyIds());
    } else if (cause(e, StreamConstraintsException.class) instanceof StreamConstraintsException c) {
      detail = Rules.parsingLimit(c.getOriginalMessage());
    } else if (e instanceof MismatchedInputException mismatch
        && String.valueOf(mismatch.getOriginalMessage()).startsWith("Trailing token")) {
      detail = "The body must be one JSON value, with nothing after it";
    } else if (e instanceof MismatchedInputException mismatch) {
      detail =
          (field == null ? "The body" : field)
              + " must be "
              + Rules.jsonType(mismatch.getTargetType());
    } else {
      detail = "The body is not valid JSON" + at(e.getLocation());
    }
    return of(new ProblemDetail(400, "Bad request", detail, field));
  }

  private static String path(JsonMappingException e) {
    if (e.getPath().isEmpty()) {
      return null;
    }
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "" + ref.getIndex())
        .collect(Collectors.joining("."));
  }

  private static String known(Collection<Object> names) {
    return names == null
        ? "its documented fields"
        : names.stream()
            .map(String::valueOf)
            .collect(Collectors.toCollection(TreeSet::new))
            .toString();
  }

  private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
