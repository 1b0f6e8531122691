package io.kvsync.scheduler.rest;

/** A request the API refuses, with the status, the rule and the field it is about. */
public class ApiProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final String field;

  public ApiProblem(int status, String title, String detail, String field) {
    super(detail);
    this.status = status;
    this.title = title;
    this.field = field;
  }

  /** 422: a field breaks a rule; {@code detail} states the rule. */
  public static ApiProblem invalid(String field, String detail) {
    return new ApiProblem(422, "Invalid request", detail, field);
  }

  /** 404 for an id that names nothing. */
  public static ApiProblem notFound(String what, Object id) {
    return new ApiProblem(404, "Not found", "No " + what + " with id " + id, null);
  }

  /** 409: the request clashes with existing state (a taken name, a resource in use). */
  public static ApiProblem conflict(String field, String detail) {
    return new ApiProblem(409, "Conflict", detail, field);
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(401, "Unauthorized", detail, null);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(403, "Forbidden", detail, null);
  }

  public ProblemDetail toProblemDetail() {
    return new ProblemDetail(status, title, getMessage(), field);
  }

  public int status() {
    return status;
  }
}
